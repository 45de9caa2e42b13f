#!/usr/bin/env python3
"""Tests of the repository's CI integrations: the composite GitHub Action (`action.yml`) and the
pre-commit hooks (`.pre-commit-hooks.yaml`).

- action.yml: each step's `run` script is executed with bash the way the runner does it (inputs
  and `${{ }}` expressions are passed through `env`, GITHUB_OUTPUT / GITHUB_PATH / RUNNER_TEMP are
  files in a temporary directory), against a fake `journey` that records its arguments and a fake
  `cargo`. When a real `journey` is built (JOURNEY_BIN, else target/{release,debug}/journey) the
  check step also runs it on examples/. The scripts also pass shellcheck when it is installed.
- .pre-commit-hooks.yaml: validated with `pre-commit validate-manifest` and run with
  `pre-commit try-repo` on a scratch project, when pre-commit is installed (PRE_COMMIT, else
  `pre-commit` on PATH).

Needs python3 with PyYAML. Prints `N passed, N failed` and exits non-zero on failure.
Run: python3 editors/integrations/test_integrations.py
"""
import hashlib
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import textwrap
import unittest
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
ACTION = yaml.safe_load((REPO / "action.yml").read_text())
HOOKS_FILE = REPO / ".pre-commit-hooks.yaml"


def real_journey():
    for candidate in (os.environ.get("JOURNEY_BIN"), REPO / "target/release/journey", REPO / "target/debug/journey"):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    return None


def write_exe(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return path


FAKE_JOURNEY = """#!/usr/bin/env bash
# Records its arguments; `check` exits with $FAKE_EXIT (default 0) and prints SARIF when asked.
printf '%s\\n' "$*" >>"$FAKE_LOG"
case "$1" in
  --version) echo "journey 0.0.0-fake" ;;
  check)
    if [[ " $* " == *" --format sarif "* ]]; then echo '{"version":"2.1.0","runs":[]}'; fi
    exit "${FAKE_EXIT:-0}" ;;
esac
"""

FAKE_CARGO = """#!/usr/bin/env bash
# Records its arguments and "installs" a fake journey into --root.
printf '%s\\n' "$*" >>"$FAKE_LOG"
printf '%s\\n' "${CARGO_TARGET_DIR:-}" >>"$FAKE_LOG.target-dir"
root=""
while (($#)); do [[ "$1" == --root ]] && root="$2"; shift; done
mkdir -p "$root/bin"
cp "$FAKE_JOURNEY_SRC" "$root/bin/journey"
"""


class Runner:
    """Runs the composite action's steps like the GitHub runner (bash, env, output files)."""

    def __init__(self, tmp: Path, inputs: dict, path_prefix=(), action_path=REPO, action_repository="owner/journey"):
        self.tmp = tmp
        self.inputs = {k: str(v.get("default", "")) for k, v in ACTION["inputs"].items()}
        self.inputs.update({k: str(v) for k, v in inputs.items()})
        self.steps = {}
        self.github = {
            "action_path": str(action_path),
            "action_repository": action_repository,
            "action_ref": "v9.9.9",
            "server_url": "https://github.example",
        }
        # `uses:` steps are not run; each one taken is recorded with its evaluated `with:`.
        self.used = []
        self.log = tmp / "calls.log"
        self.log.touch()
        self.github_path = tmp / "github_path"
        self.github_path.touch()
        self.path = os.pathsep.join([*map(str, path_prefix), os.environ["PATH"]])

    def expr(self, text: str) -> str:
        def value(m):
            e = m.group(1).strip()
            if e.startswith("inputs."):
                return self.inputs[e[len("inputs."):]]
            if e.startswith("github."):
                return self.github[e[len("github."):]]
            m2 = re.fullmatch(r"steps\.([\w-]+)\.outputs\.([\w-]+)", e)
            if m2:
                return self.steps.get(m2.group(1), {}).get(m2.group(2), "")
            raise AssertionError(f"unsupported expression {e}")

        return re.sub(r"\$\{\{(.*?)\}\}", value, text)

    def condition(self, cond: str) -> bool:
        m = re.fullmatch(r"((?:inputs|steps)\.[\w.-]+) != ''", cond.strip())
        assert m, f"unsupported if: {cond}"
        return self.expr("${{ %s }}" % m.group(1)) != ""

    def run(self, cwd: Path, extra_env=None):
        """Runs every step in order; returns (exit status, combined output)."""
        output = []
        for step in ACTION["runs"]["steps"]:
            if "if" in step and not self.condition(step["if"]):
                continue
            if "uses" in step:
                self.used.append((step["uses"], {k: self.expr(str(v)) for k, v in step.get("with", {}).items()}))
                continue
            out_file = self.tmp / f"out-{step.get('id', 'x')}"
            out_file.write_text("")
            env = {
                "PATH": self.path,
                "HOME": os.environ.get("HOME", "/tmp"),
                "RUNNER_TEMP": str(self.tmp / "runner-temp"),
                "RUNNER_OS": "Linux",
                "RUNNER_ARCH": "X64",
                "GITHUB_OUTPUT": str(out_file),
                "GITHUB_PATH": str(self.github_path),
                "FAKE_LOG": str(self.log),
                **{k: self.expr(str(v)) for k, v in step.get("env", {}).items()},
                **(extra_env or {}),
            }
            wd = cwd / self.expr(step.get("working-directory", "."))
            p = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
                               cwd=wd, env=env, capture_output=True, text=True)
            output.append(p.stdout + p.stderr)
            if "id" in step:
                self.steps[step["id"]] = dict(
                    line.split("=", 1) for line in out_file.read_text().splitlines() if "=" in line
                )
            # Later steps see what a step appended to GITHUB_PATH.
            added = [l for l in self.github_path.read_text().splitlines() if l]
            self.path = os.pathsep.join([*added, self.path])
            if p.returncode != 0:
                return p.returncode, "".join(output)
        return 0, "".join(output)

    def calls(self):
        return [l for l in self.log.read_text().splitlines() if l]


class ActionTest(unittest.TestCase):
    def setUp(self):
        self.tmp = Path(tempfile.mkdtemp(prefix="journey-action-"))
        self.addCleanup(shutil.rmtree, self.tmp, True)
        self.fakebin = self.tmp / "fakebin"
        self.fake_journey = write_exe(self.tmp / "fake-journey", FAKE_JOURNEY)
        write_exe(self.fakebin / "journey", FAKE_JOURNEY)
        write_exe(self.fakebin / "cargo", FAKE_CARGO)
        self.project = self.tmp / "project"
        (self.project / "maps").mkdir(parents=True)
        (self.project / "maps" / "a.journey").write_text("team t\n")

    def runner(self, inputs, **kw):
        return Runner(self.tmp, inputs, **kw)

    def test_metadata(self):
        self.assertEqual(ACTION["runs"]["using"], "composite")
        self.assertEqual(set(ACTION["inputs"]), {"paths", "install", "version", "repository", "deny-warnings", "sarif", "diff", "diff-base", "working-directory"})
        self.assertEqual(ACTION["inputs"]["paths"]["default"], ".")
        for step in ACTION["runs"]["steps"]:
            if "uses" in step:
                # Other actions are pinned to a major version.
                self.assertRegex(step["uses"], r"^[\w.-]+/[\w.-]+@v\d+$")
                continue
            self.assertEqual(step["shell"], "bash")
            # Inputs reach scripts through env only (no `${{ }}` inside run: script injection).
            self.assertNotIn("${{", step["run"], step["name"])

    def test_install_none_check_annotations(self):
        r = self.runner({"install": "none", "paths": "maps"}, path_prefix=[self.fakebin])
        status, out = r.run(self.project)
        self.assertEqual(status, 0, out)
        self.assertEqual(r.calls(), ["--version", "check --format github maps"])
        self.assertEqual(r.steps["install"]["bin"], str(self.fakebin / "journey"))

    def test_findings_fail_the_step(self):
        r = self.runner({"install": "none", "paths": "maps"}, path_prefix=[self.fakebin])
        status, out = r.run(self.project, {"FAKE_EXIT": "1"})
        self.assertEqual(status, 1, out)

    def test_sarif_is_written_even_with_findings_and_paths_split(self):
        r = self.runner({"install": "none", "paths": "maps\n  other dir2", "sarif": "reports/journey.sarif",
                         "deny-warnings": "true"}, path_prefix=[self.fakebin])
        status, out = r.run(self.project, {"FAKE_EXIT": "1"})
        self.assertEqual(status, 1, out)
        self.assertEqual(r.calls(), [
            "--version",
            "check --format sarif maps other dir2",
            "check --format github --deny warnings maps other dir2",
        ])
        sarif = Path(r.steps["sarif"]["file"])
        self.assertEqual(sarif, self.project / "reports" / "journey.sarif")
        self.assertEqual(json.loads(sarif.read_text())["version"], "2.1.0")

    def test_usage_error_in_sarif_step_stops(self):
        r = self.runner({"install": "none", "sarif": "x.sarif"}, path_prefix=[self.fakebin])
        status, out = r.run(self.project, {"FAKE_EXIT": "2"})
        self.assertEqual(status, 2, out)
        self.assertNotIn("check --format github .", r.calls())

    def test_globs_are_not_expanded(self):
        r = self.runner({"install": "none", "paths": "maps/*.journey"}, path_prefix=[self.fakebin])
        r.run(self.project)
        self.assertIn("check --format github maps/*.journey", r.calls())

    def test_working_directory(self):
        r = self.runner({"install": "none", "working-directory": "maps", "paths": "a.journey"}, path_prefix=[self.fakebin])
        status, out = r.run(self.project)
        self.assertEqual(status, 0, out)

    def test_bad_inputs(self):
        status, out = self.runner({"install": "brew"}, path_prefix=[self.fakebin]).run(self.project)
        self.assertEqual(status, 2)
        self.assertIn("install must be release, path, git or none", out)
        status, out = self.runner({"install": "none", "deny-warnings": "maybe"}, path_prefix=[self.fakebin]).run(self.project)
        self.assertEqual(status, 2)

    def test_install_none_without_journey(self):
        r = self.runner({"install": "none"}, path_prefix=[self.tmp / "empty"])
        env_path = os.environ["PATH"]
        # Hide any real journey on PATH.
        r.path = os.pathsep.join(p for p in [str(self.tmp / "empty"), *env_path.split(os.pathsep)]
                                 if not (Path(p) / "journey").exists())
        status, out = r.run(self.project)
        self.assertEqual(status, 2)
        self.assertIn("no journey on PATH", out)

    def action_source(self, lock="# lock v1\n"):
        action_path = self.tmp / "action"
        (action_path / "crates" / "journey-cli").mkdir(parents=True, exist_ok=True)
        (action_path / "Cargo.lock").write_text(lock)
        return action_path

    def test_install_path_builds_from_the_action_source(self):
        action_path = self.action_source()
        r = self.runner({}, path_prefix=[self.fakebin], action_path=action_path)
        status, out = r.run(self.project, {"FAKE_JOURNEY_SRC": str(self.fake_journey)})
        self.assertEqual(status, 0, out)
        root = self.tmp / "runner-temp" / "journey-action"
        self.assertEqual(r.calls()[0], f"install --locked --root {root} --path {action_path}/crates/journey-cli")
        self.assertEqual(r.steps["install"]["bin"], f"{root}/bin/journey")
        self.assertEqual(self.github_path_lines(r), [f"{root}/bin"])

    def test_builds_are_cached_keyed_on_cargo_lock(self):
        def plan(lock, inputs=None):
            self.setUp_log()
            r = self.runner(inputs or {}, path_prefix=[self.fakebin], action_path=self.action_source(lock))
            status, out = r.run(self.project, {"FAKE_JOURNEY_SRC": str(self.fake_journey)})
            self.assertEqual(status, 0, out)
            return r

        r = plan("# lock v1\n")
        self.assertEqual(len(r.used), 1, r.used)
        uses, cache = r.used[0]
        self.assertTrue(uses.startswith("actions/cache@"), uses)
        root = str(self.tmp / "runner-temp" / "journey-action")
        paths = cache["path"].split()
        self.assertIn("~/.cargo/registry/cache/", paths)
        self.assertIn(root, paths)  # the installed binary and the target directory
        # cargo builds into the cached target directory.
        target_dirs = (self.tmp / "calls.log.target-dir").read_text().split()
        self.assertEqual(target_dirs[-1], f"{root}/target")
        key = cache["key"]
        self.assertTrue(key.startswith("journey-action-Linux-X64-path-"), key)
        self.assertTrue(key.startswith(cache["restore-keys"]), cache)
        self.assertEqual(plan("# lock v1\n").used[0][1]["key"], key, "same lock, same key")
        self.assertNotEqual(plan("# lock v2\n").used[0][1]["key"], key, "a new lock, a new key")
        git = plan("# lock v1\n", {"install": "git", "repository": "https://github.example/a/journey"})
        self.assertTrue(git.used[0][1]["key"].startswith("journey-action-Linux-X64-git-"))
        none = plan("# lock v1\n", {"install": "none"})
        self.assertEqual(none.used, [], "nothing to cache without a build")

    def release(self, version="1.2.0", triple="x86_64-unknown-linux-gnu", corrupt=False):
        """A fake GitHub release on disk: <server>/acme/journey/releases/download/v<version>/…"""
        server = self.tmp / "server"
        download = server / "acme" / "journey" / "releases" / "download" / f"v{version}"
        name = f"journey-{version}-{triple}"
        content = self.tmp / "content" / name
        write_exe(content / "journey", FAKE_JOURNEY)
        download.mkdir(parents=True, exist_ok=True)
        archive = download / f"{name}.tar.gz"
        subprocess.run(["tar", "-czf", str(archive), "-C", str(content.parent), name], check=True)
        digest = hashlib.sha256(archive.read_bytes()).hexdigest()
        if corrupt:
            digest = ("0" if digest[0] != "0" else "1") + digest[1:]
        (download / f"{name}.tar.gz.sha256").write_text(f"{digest}  {name}.tar.gz\n")
        return server

    def release_runner(self, server, inputs):
        r = self.runner({"version": "v1.2.0", **inputs}, path_prefix=[self.fakebin], action_repository="acme/journey")
        r.github["server_url"] = server.as_uri()
        return r

    def test_a_version_installs_the_released_binary_after_checking_its_sha256(self):
        r = self.release_runner(self.release(), {})
        status, out = r.run(self.project)
        self.assertEqual(status, 0, out)
        self.assertIn("verified", out)
        bindir = self.tmp / "runner-temp" / "journey-action" / "release" / "journey-1.2.0-x86_64-unknown-linux-gnu"
        self.assertEqual(r.steps["install"]["bin"], f"{bindir}/journey")
        self.assertEqual(self.github_path_lines(r), [str(bindir)])
        self.assertEqual(r.used, [], "a download needs no build cache")
        self.assertFalse((self.tmp / "calls.log.target-dir").exists(), "cargo ran")
        self.assertEqual(r.calls(), ["--version", "check --format github ."])

    def test_a_version_without_v_and_each_platform_maps_to_its_archive(self):
        platforms = {
            ("Linux", "ARM64"): "aarch64-unknown-linux-gnu",
            ("macOS", "X64"): "x86_64-apple-darwin",
            ("macOS", "ARM64"): "aarch64-apple-darwin",
        }
        for (os_name, arch), triple in platforms.items():
            with self.subTest(os=os_name, arch=arch):
                r = self.release_runner(self.release(triple=triple), {"version": "1.2.0"})
                status, out = r.run(self.project, {"RUNNER_OS": os_name, "RUNNER_ARCH": arch})
                self.assertEqual(status, 0, out)
                self.assertIn(f"journey-1.2.0-{triple}/journey", r.steps["install"]["bin"])

    def test_a_release_with_a_wrong_checksum_is_refused(self):
        r = self.release_runner(self.release(corrupt=True), {})
        status, out = r.run(self.project)
        self.assertEqual(status, 2, out)
        self.assertIn("checksum mismatch", out)
        self.assertNotIn("check --format github .", r.calls())

    def test_a_missing_release_or_platform_is_a_clear_error(self):
        r = self.release_runner(self.release(), {"version": "v9.0.0"})
        status, out = r.run(self.project)
        self.assertEqual(status, 2, out)
        self.assertIn("cannot download", out)
        r = self.release_runner(self.release(), {})
        status, out = r.run(self.project, {"RUNNER_OS": "FreeBSD", "RUNNER_ARCH": "X64"})
        self.assertEqual(status, 2, out)
        self.assertIn("no journey release is built for FreeBSD/X64", out)
        status, out = self.runner({"install": "release"}, path_prefix=[self.fakebin]).run(self.project)
        self.assertEqual(status, 2, out)
        self.assertIn("install: release needs a version", out)

    def test_install_git_pins_version(self):
        # A local repository with a tag stands in for the remote.
        remote = self.tmp / "remote"
        remote.mkdir()
        git = ["git", "-c", "user.email=t@localhost", "-c", "user.name=t", "-C", str(remote)]
        subprocess.run([*git, "init", "-q"], check=True)
        subprocess.run([*git, "commit", "-q", "--allow-empty", "-m", "x"], check=True)
        subprocess.run([*git, "tag", "v1.2.0"], check=True)
        root = self.tmp / "runner-temp" / "journey-action"
        cases = {
            "v1.2.0": f"--tag v1.2.0",
            "main": f"--branch main",
            "0123abcd": f"--rev 0123abcd",
            "": "",
        }
        for version, pin in cases.items():
            with self.subTest(version=version):
                self.setUp_log()
                r = self.runner({"install": "git", "version": version, "repository": str(remote)}, path_prefix=[self.fakebin])
                status, out = r.run(self.project, {"FAKE_JOURNEY_SRC": str(self.fake_journey)})
                self.assertEqual(status, 0, out)
                expected = f"install --locked --root {root} --git {remote} {pin} journey-cli".replace("  ", " ")
                self.assertEqual(r.calls()[0], expected)

    def test_install_git_defaults_to_the_action_repository(self):
        r = self.runner({"install": "git"}, path_prefix=[self.fakebin], action_repository="acme/journey")
        status, out = r.run(self.project, {"FAKE_JOURNEY_SRC": str(self.fake_journey)})
        self.assertEqual(status, 0, out)
        self.assertIn("--git https://github.example/acme/journey journey-cli", r.calls()[0])

    def setUp_log(self):
        (self.tmp / "calls.log").write_text("")

    def github_path_lines(self, r):
        return [l for l in r.github_path.read_text().splitlines() if l]

    def test_shellcheck(self):
        if not shutil.which("shellcheck"):
            self.skipTest("shellcheck not installed")
        for step in (step for step in ACTION["runs"]["steps"] if "run" in step):
            script = self.tmp / f"{step['name']}.sh"
            script.write_text("#!/usr/bin/env bash\n" + step["run"])
            p = subprocess.run(["shellcheck", "-s", "bash", str(script)], capture_output=True, text=True)
            self.assertEqual(p.returncode, 0, p.stdout)

    def test_diff_is_off_by_default(self):
        r = self.runner({"install": "none"}, path_prefix=[self.fakebin])
        status, out = r.run(self.project)
        self.assertEqual(status, 0, out)
        self.assertFalse(any(c.startswith("diff") for c in r.calls()), r.calls())
        self.assertEqual(r.steps["diff"], {})

    @unittest.skipUnless(real_journey() and shutil.which("git"), "no journey built or no git")
    def test_real_journey_diff_writes_the_job_summary(self):
        bindir = self.tmp / "realbin"
        bindir.mkdir()
        os.symlink(real_journey(), bindir / "journey")
        git = ["git", "-c", "user.name=t", "-c", "user.email=t@localhost", "-c", "commit.gpgsign=false"]
        text = 'team t\njourney j "J" {\n    goal "g"\n    owner t\n    stage s {\n        touchpoint a {\n            channel web\n            emotion 3\n        }\n    }\n}\n'
        (self.project / "maps" / "a.journey").write_text(text)
        subprocess.run([*git, "init", "-q"], cwd=self.project, check=True)
        subprocess.run([*git, "add", "."], cwd=self.project, check=True)
        subprocess.run([*git, "commit", "-qm", "base"], cwd=self.project, check=True)
        (self.project / "maps" / "a.journey").write_text(text.replace("emotion 3", "emotion 1"))
        summary = self.tmp / "summary.md"
        r = self.runner({"install": "none", "paths": "maps", "diff": "true", "diff-base": "HEAD"}, path_prefix=[bindir])
        status, out = r.run(self.project, extra_env={"GITHUB_STEP_SUMMARY": str(summary)})
        self.assertEqual(status, 0, out)
        self.assertIn("| ▼ | s | a | emotion 3 → 1 |", summary.read_text())
        self.assertEqual(Path(r.steps["diff"]["file"]).read_text(), summary.read_text())

    @unittest.skipUnless(real_journey() and (REPO / "examples").is_dir(), "no journey built or no examples/")
    def test_real_journey_on_examples(self):
        bindir = self.tmp / "realbin"
        bindir.mkdir()
        os.symlink(real_journey(), bindir / "journey")
        r = self.runner({"install": "none", "paths": "examples"}, path_prefix=[bindir])
        status, out = r.run(REPO)
        # The examples are valid: no errors (warnings are annotations, not failures).
        self.assertEqual(status, 0, out)


def pre_commit():
    return os.environ.get("PRE_COMMIT") or shutil.which("pre-commit")


@unittest.skipUnless(pre_commit(), "pre-commit not installed (pip install pre-commit)")
class PreCommitTest(unittest.TestCase):
    def setUp(self):
        self.tmp = Path(tempfile.mkdtemp(prefix="journey-precommit-"))
        self.addCleanup(shutil.rmtree, self.tmp, True)
        self.env = {**os.environ, "PRE_COMMIT_HOME": str(self.tmp / "cache"), "GIT_CONFIG_GLOBAL": str(self.tmp / "gitconfig")}
        (self.tmp / "gitconfig").write_text("[user]\n\temail = t@localhost\n\tname = t\n[init]\n\tdefaultBranch = main\n")
        # The hook repository: this repository's manifest, committed.
        self.hooks = self.tmp / "hooks"
        self.hooks.mkdir()
        shutil.copy(HOOKS_FILE, self.hooks / ".pre-commit-hooks.yaml")
        self.git(self.hooks, "init", "-q")
        self.git(self.hooks, "add", ".")
        self.git(self.hooks, "commit", "-q", "-m", "hooks")
        # A project using them.
        self.project = self.tmp / "project"
        self.project.mkdir()
        self.git(self.project, "init", "-q")
        self.fakebin = self.tmp / "fakebin"
        write_exe(self.fakebin / "journey", FAKE_JOURNEY)
        self.log = self.tmp / "calls.log"
        self.log.touch()

    def git(self, cwd, *args):
        subprocess.run(["git", *args], cwd=cwd, env=self.env, check=True)

    def try_repo(self, hook, path_prefix, extra_env=None):
        env = {**self.env, "PATH": os.pathsep.join([str(path_prefix), os.environ["PATH"]]), "FAKE_LOG": str(self.log), **(extra_env or {})}
        return subprocess.run([pre_commit(), "try-repo", str(self.hooks), hook, "--all-files", "--color", "never"],
                              cwd=self.project, env=env, capture_output=True, text=True)

    def test_manifest_is_valid(self):
        p = subprocess.run([pre_commit(), "validate-manifest", str(HOOKS_FILE)], capture_output=True, text=True)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        hooks = {h["id"]: h for h in yaml.safe_load(HOOKS_FILE.read_text())}
        self.assertEqual(hooks["journey-check"]["entry"], "journey check")
        self.assertEqual(hooks["journey-fmt"]["entry"], "journey fmt")
        for h in hooks.values():
            self.assertEqual(h["files"], r"\.journey$")

    def test_hooks_pass_only_journey_files(self):
        (self.project / "a.journey").write_text("team t\n")
        (self.project / "sub").mkdir()
        (self.project / "sub" / "b.journey").write_text("team u\n")
        (self.project / "README.md").write_text("x\n")
        self.git(self.project, "add", ".")
        for hook, entry in (("journey-check", "check"), ("journey-fmt", "fmt"), ("journey-fmt-check", "fmt --check")):
            with self.subTest(hook=hook):
                self.log.write_text("")
                p = self.try_repo(hook, self.fakebin)
                self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
                calls = [l for l in self.log.read_text().splitlines() if l]
                self.assertEqual(len(calls), 1, calls)
                self.assertEqual(sorted(calls[0].split()), sorted(f"{entry} a.journey sub/b.journey".split()))

    def test_failing_check_fails_the_hook(self):
        (self.project / "a.journey").write_text("team t\n")
        self.git(self.project, "add", ".")
        p = self.try_repo("journey-check", self.fakebin, {"FAKE_EXIT": "1"})
        self.assertEqual(p.returncode, 1, p.stdout)

    @unittest.skipUnless(real_journey() and (REPO / "examples").is_dir(), "no journey built or no examples/")
    def test_real_journey_check(self):
        bindir = self.tmp / "realbin"
        bindir.mkdir()
        os.symlink(real_journey(), bindir / "journey")
        for f in (REPO / "examples").glob("*.journey"):
            shutil.copy(f, self.project / f.name)
        self.git(self.project, "add", ".")
        p = self.try_repo("journey-check", bindir)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        (self.project / "broken.journey").write_text("journey j {\n    stage s {\n        touchpoint t {\n            emotoin 3\n        }\n    }\n}\n")
        self.git(self.project, "add", ".")
        p = self.try_repo("journey-check", bindir)
        self.assertEqual(p.returncode, 1, p.stdout + p.stderr)
        self.assertIn("emotoin", p.stdout)


if __name__ == "__main__":
    result = unittest.main(exit=False, verbosity=2).result
    failed = len(result.failures) + len(result.errors)
    skipped = len(result.skipped)
    print(f"{result.testsRun - failed - skipped} passed, {failed} failed, {skipped} skipped")
    sys.exit(1 if failed else 0)
