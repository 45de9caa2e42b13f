//! Lexical path handling: normalisation, absolute forms and ancestor walks.
//! Nothing here touches the disk except through a [`FileSystem`].

use std::path::{Component, Path, PathBuf};

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
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
    };
    normalize(&joined)
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

/// The project root of a file: the nearest ancestor directory holding
/// `journey.toml` or `.git`, as (shown, absolute) paths.
pub fn project_root(fs: &dyn FileSystem, file: &Path) -> Option<(PathBuf, PathBuf)> {
    ancestors(file).into_iter().find(|(shown, _)| {
        fs.exists(&shown.join(crate::config::CONFIG_FILE)) || fs.exists(&shown.join(".git"))
    })
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

    #[test]
    fn ancestors_continue_above_a_relative_path() {
        let list = ancestors(Path::new("a/b.journey"));
        assert_eq!(list[0].0, PathBuf::from("a"));
        assert_eq!(list[1].0, PathBuf::from(""));
        assert_eq!(list[2].0, PathBuf::from(".."));
        assert_eq!(list[1].1, absolute(Path::new(".")));
    }
}
