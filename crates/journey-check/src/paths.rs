//! Path handling: normalisation, absolute forms, ancestor walks, and the
//! one place where an import is resolved and the project root enforced
//! ([`Resolver`]). Nothing here touches the disk except through a
//! [`FileSystem`].

use std::path::{Component, Path, PathBuf};
use std::sync::{OnceLock, RwLock};

use foldhash::{HashMap, HashMapExt as _};

use crate::fs::FileSystem;

/// Removes `.` components and resolves `..` against the component before it,
/// without touching the file system. Leading `..` of a relative path stay.
pub fn normalize(path: &Path) -> PathBuf {
    let mut out: Vec<Component<'_>> = Vec::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => match out.last() {
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                Some(Component::RootDir | Component::Prefix(_)) => {}
                _ => out.push(component),
            },
            other => out.push(other),
        }
    }
    out.iter().collect()
}

/// A path as messages show it: forward slashes on every platform.
pub fn display(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// The normalised absolute form of a path (relative paths are taken from
/// the current directory). Used as a file's identity within a run.
pub fn absolute(path: &Path) -> PathBuf {
    // `""` is the current directory (the parent of a bare file name).
    let path = if path.as_os_str().is_empty() {
        Path::new(".")
    } else {
        path
    };
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        match current_dir() {
            Some(dir) => dir.join(path),
            None => std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()),
        }
    };
    normalize(&joined)
}

/// The current directory, read once per process: a directory run takes
/// the absolute form of every relative path it meets, and asking the
/// system each time was a `getcwd` per file. Nothing in the project changes
/// the current directory.
fn current_dir() -> Option<&'static Path> {
    static CURRENT: OnceLock<Option<PathBuf>> = OnceLock::new();
    CURRENT
        .get_or_init(|| std::env::current_dir().ok())
        .as_deref()
}

/// The directory holding a file, as a path usable for joining (`""` for a
/// bare file name).
pub fn parent_dir(path: &Path) -> PathBuf {
    path.parent().map(Path::to_path_buf).unwrap_or_default()
}

/// The ancestor directories of a file, nearest first, each in two forms:
/// one to show and to hand to the [`FileSystem`] (relative when the file's
/// path is relative, continuing with `..` above the current directory), and
/// the absolute one.
pub fn ancestors(file: &Path) -> Vec<(PathBuf, PathBuf)> {
    let shown = normalize(&parent_dir(file));
    let mut abs = absolute(&parent_dir(file));
    let mut out = Vec::new();
    let mut current = shown;
    loop {
        out.push((current.clone(), abs.clone()));
        let Some(up) = abs.parent().map(Path::to_path_buf) else {
            break;
        };
        abs = up;
        current = if current.as_os_str().is_empty() {
            PathBuf::from("..")
        } else if current.components().all(|c| c == Component::ParentDir) {
            current.join("..")
        } else {
            normalize(&current.join(".."))
        };
    }
    out
}

/// Whether a directory is a project root: it holds `journey.toml` or `.git`.
fn is_project_root(fs: &dyn FileSystem, dir: &Path) -> bool {
    fs.exists(&dir.join(crate::config::CONFIG_FILE)) || fs.exists(&dir.join(".git"))
}

/// A project root: the nearest ancestor directory of a file that holds
/// `journey.toml` or `.git`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProjectRoot {
    /// As messages show it: an ancestor of the file's path as given when
    /// one leads there, else the canonical path.
    pub shown: PathBuf,
    /// Every symbolic link resolved: what targets are compared with.
    pub canonical: PathBuf,
}

/// Where an import leads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResolvedImport {
    /// The importing file's directory joined with the import's text,
    /// normalised: the path shown and read.
    pub path: PathBuf,
    /// The target's identity ([`Resolver::identity`]).
    pub key: PathBuf,
    /// The project root it leaves, when it does: the file is not read.
    pub outside_root: Option<OutsideRoot>,
}

/// An import that leaves its project root.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutsideRoot {
    pub root: PathBuf,
    /// The path as written stays inside the root; a symbolic link on the
    /// way leads out.
    pub through_link: bool,
}

/// Resolves imports and finds project roots, comparing canonical paths
/// (LANGUAGE.md §5): a symbolic link, an absolute import or a `..` leads
/// out of the root only if the file it reaches, with every link resolved,
/// lies outside the root with every link resolved — however the checked
/// file was named. The checker, the directory walk and the language server
/// all go through here. Roots are cached per directory.
pub struct Resolver<'a> {
    fs: &'a dyn FileSystem,
    /// Canonical directory → its project root.
    roots: RwLock<HashMap<PathBuf, Option<ProjectRoot>>>,
    /// Lexical absolute directory → canonical directory. Read-mostly, by
    /// every file of a directory run on every core.
    canonical_dirs: RwLock<HashMap<PathBuf, Option<PathBuf>>>,
}

impl std::fmt::Debug for Resolver<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Resolver").finish_non_exhaustive()
    }
}

impl<'a> Resolver<'a> {
    pub fn new(fs: &'a dyn FileSystem) -> Resolver<'a> {
        Resolver {
            fs,
            roots: RwLock::new(HashMap::new()),
            canonical_dirs: RwLock::new(HashMap::new()),
        }
    }

    /// A file's identity: its canonical path. A file that does not exist
    /// gets its canonical directory joined with its name (so that a missing
    /// import outside the root is still seen to be outside), or, with no
    /// directory either, its normalised absolute path.
    pub fn identity(&self, path: &Path) -> PathBuf {
        if let Some(identity) = self.identity_through_dir(path) {
            return identity;
        }
        if let Ok(canonical) = self.fs.canonicalize(path) {
            return canonical;
        }
        let absolute = absolute(path);
        match (absolute.parent(), absolute.file_name()) {
            (Some(dir), Some(name)) => match self.canonical_dir(dir) {
                Some(dir) => dir.join(name),
                None => absolute,
            },
            _ => absolute,
        }
    }

    /// The identity of a file that is not itself a link: its directory's
    /// canonical form (cached per directory) joined with its name. A
    /// directory run of 10 000 files then resolves each directory once
    /// instead of every component of every path (a `readlink` each). Not
    /// taken for a path with `..` (lexical `..` after a link differs from
    /// the resolved one) or when the file system cannot tell links apart.
    fn identity_through_dir(&self, path: &Path) -> Option<PathBuf> {
        if path.components().any(|c| c == Component::ParentDir) {
            return None;
        }
        if self.fs.is_symlink(path)? {
            return None;
        }
        let absolute = absolute(path);
        let name = absolute.file_name()?;
        Some(self.canonical_dir(absolute.parent()?)?.join(name))
    }

    /// The canonical form of a directory (cached), `None` when it does not
    /// exist.
    fn canonical_dir(&self, dir: &Path) -> Option<PathBuf> {
        let dir = absolute(dir);
        let cached = self
            .canonical_dirs
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .get(&dir)
            .cloned();
        if let Some(canonical) = cached {
            return canonical;
        }
        // Resolved outside the lock: two threads may both resolve a new
        // directory, and agree.
        let canonical = self.fs.canonicalize(&dir).ok();
        let mut cache = self
            .canonical_dirs
            .write()
            .unwrap_or_else(|e| e.into_inner());
        cache.insert(dir, canonical.clone());
        canonical
    }

    /// The project root of a file, found among the ancestors of its
    /// canonical path (`key`), so that no link on the way to the file can
    /// pick a root elsewhere. `None` when there is none: no restriction.
    pub fn project_root(&self, shown: &Path, key: &Path) -> Option<ProjectRoot> {
        let dir = key.parent()?.to_path_buf();
        if let Some(root) = self.cached_root(&dir) {
            return root;
        }
        let root = dir
            .ancestors()
            .find(|candidate| is_project_root(self.fs, candidate))
            .map(|canonical| {
                let shown = ancestors(shown)
                    .into_iter()
                    .find(|(_, abs)| self.canonical_dir(abs).as_deref() == Some(canonical))
                    .map_or_else(|| canonical.to_path_buf(), |(shown, _)| shown);
                ProjectRoot {
                    shown,
                    canonical: canonical.to_path_buf(),
                }
            });
        let mut roots = self.roots.write().unwrap_or_else(|e| e.into_inner());
        roots.insert(dir, root.clone());
        root
    }

    fn cached_root(&self, dir: &Path) -> Option<Option<ProjectRoot>> {
        let roots = self.roots.read().unwrap_or_else(|e| e.into_inner());
        roots.get(dir).cloned()
    }

    /// Where `import "text"` in the file `importer` (shown path, and its
    /// identity `importer_key`) leads, and whether that leaves the
    /// importer's project root.
    pub fn resolve_import(
        &self,
        importer: &Path,
        importer_key: &Path,
        text: &str,
    ) -> ResolvedImport {
        let path = normalize(&parent_dir(importer).join(text));
        let key = self.identity(&path);
        let outside_root = self
            .project_root(importer, importer_key)
            .filter(|root| !key.starts_with(&root.canonical))
            .map(|root| OutsideRoot {
                through_link: self.lexically_inside(&path, &root),
                root: root.shown,
            });
        ResolvedImport {
            path,
            key,
            outside_root,
        }
    }

    /// Whether a path, links left unresolved, names something inside a root.
    fn lexically_inside(&self, path: &Path, root: &ProjectRoot) -> bool {
        let absolute = absolute(path);
        absolute.starts_with(&root.canonical) || absolute.starts_with(self::absolute(&root.shown))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_lexically() {
        assert_eq!(
            normalize(Path::new("examples/./a/../shared.journey")),
            PathBuf::from("examples/shared.journey")
        );
        assert_eq!(
            normalize(Path::new("../x/../y.journey")),
            PathBuf::from("../y.journey")
        );
        assert_eq!(normalize(Path::new("/a/../../b")), PathBuf::from("/b"));
    }

    /// The identity through a cached directory must be what resolving
    /// every component gives: a linked file is its target, a file under a
    /// linked directory is under the target directory, and `..` after a
    /// linked directory goes up from the target.
    #[cfg(unix)]
    #[test]
    fn identity_through_the_directory_cache_resolves_links() {
        use std::os::unix::fs::symlink;
        let root = std::env::temp_dir().join(format!("journey-identity-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(root.join("real/sub")).unwrap();
        std::fs::write(root.join("real/a.journey"), "").unwrap();
        std::fs::write(root.join("real/sub/b.journey"), "").unwrap();
        std::fs::write(root.join("c.journey"), "").unwrap();
        symlink(root.join("real"), root.join("dir-link")).unwrap();
        symlink(root.join("real/a.journey"), root.join("file-link.journey")).unwrap();
        let fs = crate::fs::RealFileSystem;
        let resolver = Resolver::new(&fs);
        for path in [
            "real/a.journey",
            "dir-link/a.journey",
            "file-link.journey",
            "dir-link/sub/b.journey",
            "dir-link/sub/../a.journey",
            "dir-link/../c.journey",
            "c.journey",
        ] {
            let path = root.join(path);
            // Twice: the second answer comes from the cache.
            for _ in 0..2 {
                assert_eq!(
                    resolver.identity(&path),
                    std::fs::canonicalize(&path).unwrap(),
                    "{}",
                    path.display()
                );
            }
        }
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn ancestors_continue_above_a_relative_path() {
        let list = ancestors(Path::new("a/b.journey"));
        assert_eq!(list[0].0, PathBuf::from("a"));
        assert_eq!(list[1].0, PathBuf::from(""));
        assert_eq!(list[2].0, PathBuf::from(".."));
        assert_eq!(list[1].1, absolute(Path::new(".")));
    }
}
