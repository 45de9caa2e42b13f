#!/usr/bin/env python3
"""Checks editors/helix/languages.toml against Helix's languages.toml schema (Helix 25.07:
helix-core's LanguageConfiguration is `deny_unknown_fields`, so an unknown key makes Helix reject
the whole file). Helix cannot be installed here, so this encodes the documented fields and types.
Run: python3 editors/helix/test/check_languages.py"""
import sys
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
LANGUAGE_KEYS = {
    "name", "language-id", "scope", "file-types", "shebangs", "roots", "comment-token",
    "comment-tokens", "block-comment-tokens", "text-width", "soft-wrap", "auto-format",
    "formatter", "path-completion", "word-completion", "diagnostic-severity", "grammar",
    "injection-regex", "language-servers", "indent", "debugger", "auto-pairs", "rulers",
    "workspace-lsp-roots", "persistent-diagnostic-sources",
}
SERVER_KEYS = {"command", "args", "environment", "config", "timeout", "required-root-patterns"}

def main() -> int:
    errors = []
    doc = tomllib.loads((HERE.parent / "languages.toml").read_text())
    langs = doc.get("language", [])
    servers = doc.get("language-server", {})
    journey = [l for l in langs if l.get("name") == "journey"]
    if len(journey) != 1:
        errors.append("expected exactly one [[language]] named journey")
    for lang in langs:
        unknown = set(lang) - LANGUAGE_KEYS
        if unknown:
            errors.append(f"[[language]] {lang.get('name')}: unknown keys {sorted(unknown)}")
        for key in ("name", "scope", "file-types"):
            if key not in lang:
                errors.append(f"[[language]] {lang.get('name')}: missing required key {key}")
        if not all(isinstance(f, (str, dict)) for f in lang.get("file-types", [])):
            errors.append("file-types must be strings or { glob = ... } tables")
        ct = lang.get("comment-tokens", lang.get("comment-token"))
        if ct is not None and not (isinstance(ct, str) or all(isinstance(t, str) for t in ct)):
            errors.append("comment-tokens must be a string or a list of strings")
        bct = lang.get("block-comment-tokens")
        if bct is not None:
            for t in bct if isinstance(bct, list) else [bct]:
                if set(t) != {"start", "end"}:
                    errors.append("block-comment-tokens entries need exactly start and end")
        indent = lang.get("indent")
        if indent is not None:
            if set(indent) != {"tab-width", "unit"}:
                errors.append("indent needs exactly tab-width and unit")
            elif not (isinstance(indent["tab-width"], int) and 0 < indent["tab-width"] < 256):
                errors.append("indent.tab-width must be 1..255")
            elif indent["unit"].strip(" \t") != "":
                errors.append("indent.unit must be spaces or a tab")
        for ls in lang.get("language-servers", []):
            name = ls if isinstance(ls, str) else ls.get("name")
            if name not in servers:
                errors.append(f"language server {name!r} is used but not defined in [language-server]")
    for name, server in servers.items():
        unknown = set(server) - SERVER_KEYS
        if unknown:
            errors.append(f"[language-server.{name}]: unknown keys {sorted(unknown)}")
        if not isinstance(server.get("command"), str):
            errors.append(f"[language-server.{name}]: command must be a string")
        if not all(isinstance(a, str) for a in server.get("args", [])):
            errors.append(f"[language-server.{name}]: args must be strings")
    j = journey[0] if journey else {}
    expect = {
        "scope": "source.journey",
        "file-types": ["journey"],
        "language-servers": ["journey"],
        "indent": {"tab-width": 4, "unit": "    "},
    }
    for k, v in expect.items():
        if j.get(k) != v:
            errors.append(f"journey.{k} is {j.get(k)!r}, expected {v!r}")
    if "//" not in (j.get("comment-tokens") or []):
        errors.append("journey comment tokens lack //")
    if servers.get("journey", {}).get("command") != "journey" or servers.get("journey", {}).get("args") != ["lsp"]:
        errors.append('[language-server.journey] must be command = "journey", args = ["lsp"]')
    for e in errors:
        print(f"FAIL {e}")
    print(f"{0 if errors else 1} passed, {1 if errors else 0} failed")
    return 1 if errors else 0

if __name__ == "__main__":
    sys.exit(main())
