//! The IDE layer's one entry point: an [`AnalysisHost`] takes changes
//! (documents opened, edited and closed, files changed on disk) and hands
//! out immutable snapshots — an [`Overlay`], the file system as the checker
//! reads it, with each open [`Document`] version, which gives its parse and
//! its checker `Analysis`, each made once. No protocol types here: documents
//! are keyed by the client's name for them (the language server uses the
//! URI's text), edits arrive as line/column changes or byte ranges.

use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use crate::parsed::ParsedFile;

use crate::normalize;
use journey_check::{FileSystem, RealFileSystem};
use journey_syntax::reparse::Edit;
use journey_syntax::text::floor_char_boundary;
use journey_syntax::Parse;
use journey_syntax::{ColumnUnit, LineIndex};

/// One version of an open document. Immutable: an edit makes a new one.
#[derive(Debug)]
pub struct Document {
    pub uri: String,
    pub path: PathBuf,
    pub version: i32,
    pub text: Arc<str>,
    pub line_index: LineIndex,
    analysis: OnceLock<Arc<ParsedFile>>,
    /// The previous version's analysis and the edit that made this text
    /// from it: the analysis then re-parses only the edited statement.
    base: Mutex<Option<(Arc<ParsedFile>, Edit)>>,
    /// The checker's analysis of this version, and the [`Overlay`]
    /// generation it read the other files at.
    semantics: Mutex<Option<(u64, Arc<journey_check::Analysis>)>>,
}

impl Document {
    pub fn new(uri: String, path: PathBuf, version: i32, text: Arc<str>) -> Document {
        Document {
            uri,
            path,
            version,
            line_index: LineIndex::new(&text),
            text,
            analysis: OnceLock::new(),
            base: Mutex::new(None),
            semantics: Mutex::new(None),
        }
    }

    /// A new version of `previous`, made by one edit when `edit` is given.
    pub fn edited(
        previous: &Document,
        version: i32,
        text: Arc<str>,
        edit: Option<Edit>,
    ) -> Document {
        let document = Document::new(previous.uri.clone(), previous.path.clone(), version, text);
        if let (Some(edit), Some(analysis)) = (edit, previous.analysis.get()) {
            *document.base.lock().unwrap_or_else(|e| e.into_inner()) =
                Some((analysis.clone(), edit));
        }
        document
    }

    /// Parsed on first use (once per version, shared by every request and
    /// the check).
    pub fn analysis(&self) -> Arc<ParsedFile> {
        self.analysis
            .get_or_init(|| {
                let base = self.base.lock().unwrap_or_else(|e| e.into_inner()).take();
                Arc::new(match base {
                    Some((previous, edit)) => {
                        ParsedFile::edited_from(previous, self.text.clone(), edit)
                    }
                    None => ParsedFile::new(self.path.clone(), self.text.clone()),
                })
            })
            .clone()
    }
}

impl Document {
    /// The checker's analysis of this version, as `overlay` shows the other
    /// files: one per version and generation, shared by the check (its
    /// diagnostics) and every request (navigation). A caller that finds it
    /// being made waits for it rather than making another.
    pub fn semantics(&self, overlay: &Overlay) -> Arc<journey_check::Analysis> {
        let mut slot = self.semantics.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((generation, analysis)) = &*slot {
            if *generation == overlay.generation {
                return analysis.clone();
            }
        }
        let analysis = Arc::new(journey_check::analyse_file(overlay, &self.path));
        *slot = Some((overlay.generation, analysis.clone()));
        analysis
    }

    /// The analysis of this version at `overlay`'s generation if it is
    /// made already; `None` when it is not, or is being made.
    pub fn semantics_made(&self, overlay: &Overlay) -> Option<Arc<journey_check::Analysis>> {
        let slot = self.semantics.try_lock().ok()?;
        match &*slot {
            Some((generation, analysis)) if *generation == overlay.generation => {
                Some(analysis.clone())
            }
            _ => None,
        }
    }

    /// The last analysis made of this version, whatever the generation, if
    /// any: the files it read are those a change can affect.
    pub fn last_semantics(&self) -> Option<Arc<journey_check::Analysis>> {
        let slot = self.semantics.lock().unwrap_or_else(|e| e.into_inner());
        slot.as_ref().map(|(_, analysis)| analysis.clone())
    }
}

/// An edit in line/column terms (the column in the negotiated unit);
/// `None` replaces the whole text.
#[derive(Clone, Debug)]
pub struct Change {
    pub range: Option<(journey_syntax::LineCol, journey_syntax::LineCol)>,
    pub text: String,
}

/// Applies edits in order; positions past a line's end are clamped.
pub fn apply_changes(text: &str, changes: &[Change], unit: ColumnUnit) -> String {
    apply_changes_indexed(text, None, changes, unit).0
}

/// [`apply_changes`] with the text's line index when the caller has it;
/// also returns the edit in byte terms when there was exactly one ranged
/// change.
pub fn apply_changes_indexed(
    text: &str,
    index: Option<&LineIndex>,
    changes: &[Change],
    unit: ColumnUnit,
) -> (String, Option<Edit>) {
    let mut text = text.to_string();
    let mut edit = None;
    for (i, change) in changes.iter().enumerate() {
        match change.range {
            None => text = change.text.clone(),
            Some((start, end)) => {
                let fresh;
                let index = match index {
                    Some(index) if i == 0 => index,
                    _ => {
                        fresh = LineIndex::new(&text);
                        &fresh
                    }
                };
                let a = index.offset(&text, start, unit);
                let b = index.offset(&text, end, unit);
                let (a, b) = (a.min(b), a.max(b));
                let (a, b) = (floor_char_boundary(&text, a), floor_char_boundary(&text, b));
                text.replace_range(a..b, &change.text);
                if changes.len() == 1 {
                    edit = Some(Edit {
                        start: a,
                        old_end: b,
                        new_len: change.text.len(),
                    });
                }
            }
        }
    }
    (text, edit)
}

/// Files read from disk (not open in the editor), parsed once and kept until
/// the client says they changed (`workspace/didChangeWatchedFiles`): a check
/// after a keystroke does not read and parse every imported file again. Only
/// used when the client watches files for the server.
#[derive(Debug, Default)]
pub struct DiskCache {
    files: Mutex<HashMap<PathBuf, Arc<ParsedFile>>>,
}

impl DiskCache {
    fn files(&self) -> std::sync::MutexGuard<'_, HashMap<PathBuf, Arc<ParsedFile>>> {
        self.files.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn get(&self, path: &Path) -> Option<Arc<ParsedFile>> {
        self.files().get(path).cloned()
    }

    /// A file changed on disk (or was created or deleted).
    pub fn forget(&self, path: &Path) {
        self.files().remove(path);
    }

    /// Everything may read differently (a `journey.toml` changed its limits).
    pub fn clear(&self) {
        self.files().clear();
    }
}

/// The open buffers in front of the disk: what the checker reads.
#[derive(Clone, Debug, Default)]
pub struct Overlay {
    pub buffers: HashMap<PathBuf, Arc<Document>>,
    /// Parses of files on disk, when the client watches files.
    pub disk: Option<Arc<DiskCache>>,
    /// [`AnalysisHost::generation`] when the overlay was taken.
    pub generation: u64,
}

impl Overlay {
    /// A file's text and parse: an open document's, else one on disk (from
    /// the cache when the client watches files). `None` when it cannot be
    /// read or is not UTF-8.
    pub fn parsed_file(&self, path: &Path) -> Option<Arc<ParsedFile>> {
        if let Some(doc) = self.get(path) {
            return Some(doc.analysis());
        }
        if let Some(cached) = self.disk.as_ref().and_then(|disk| disk.get(path)) {
            return Some(cached);
        }
        let bytes = self.read(path).ok()?;
        let text: Arc<str> = Arc::from(journey_syntax::decode(&bytes).ok()?);
        let parsed = Arc::new(ParsedFile::new(path, text));
        if let Some(disk) = &self.disk {
            disk.files().insert(path.to_path_buf(), parsed.clone());
        }
        Some(parsed)
    }

    fn get(&self, path: &Path) -> Option<&Arc<Document>> {
        self.buffers.get(path).or_else(|| {
            let absolute = if path.is_absolute() {
                normalize(path)
            } else {
                normalize(&std::env::current_dir().ok()?.join(path))
            };
            self.buffers.get(&absolute)
        })
    }
}

impl FileSystem for Overlay {
    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        self.read_limited(path, journey_check::fs::DEFAULT_MAX_FILE_SIZE)
    }

    fn read_limited(&self, path: &Path, limit: u64) -> io::Result<Vec<u8>> {
        match self.get(path) {
            Some(doc) => Ok(doc.text.as_bytes().to_vec()),
            None => RealFileSystem.read_limited(path, limit),
        }
    }

    /// The disk's canonical path (so that the project-root check sees
    /// through symbolic links); an open document not yet saved is itself.
    fn canonicalize(&self, path: &Path) -> io::Result<PathBuf> {
        match RealFileSystem.canonicalize(path) {
            Ok(canonical) => Ok(canonical),
            Err(error) => match self.get(path) {
                Some(doc) => Ok(doc.path.clone()),
                None => Err(error),
            },
        }
    }

    /// An open document's parse, or a file's on disk read before and not
    /// changed since: the checker does not parse it again.
    fn parsed(&self, path: &Path) -> Option<(Arc<str>, Arc<Parse>)> {
        match self.get(path) {
            Some(doc) => {
                let analysis = doc.analysis();
                Some((analysis.text.clone(), analysis.parse.clone()))
            }
            None => {
                let cached = self.disk.as_ref()?.get(path)?;
                Some((cached.text.clone(), cached.parse.clone()))
            }
        }
    }

    fn remember_parsed(&self, path: &Path, text: &Arc<str>, parse: &Arc<Parse>) {
        if let (Some(disk), None) = (&self.disk, self.get(path)) {
            let parsed = ParsedFile::from_parse(path, text.clone(), parse.clone());
            disk.files().insert(path.to_path_buf(), Arc::new(parsed));
        }
    }

    fn exists(&self, path: &Path) -> bool {
        self.get(path).is_some() || RealFileSystem.exists(path)
    }
}

/// Every open document, and what changed since an analysis was made.
#[derive(Debug, Default)]
pub struct AnalysisHost {
    by_uri: HashMap<String, Arc<Document>>,
    /// Set when the client watches files (see [`DiskCache`]).
    pub disk: Option<Arc<DiskCache>>,
    /// Counts the changes to any file the checker may read (an open buffer
    /// opened, edited or closed; a watched file changed on disk): an
    /// analysis made at an older generation may have read other text.
    generation: u64,
}

impl AnalysisHost {
    pub fn overlay(&self) -> Overlay {
        Overlay {
            buffers: self
                .by_uri
                .values()
                .map(|d| (d.path.clone(), d.clone()))
                .collect(),
            generation: self.generation,
            disk: self.disk.clone(),
        }
    }

    pub fn get(&self, uri: &str) -> Option<&Arc<Document>> {
        self.by_uri.get(uri)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&String, &Arc<Document>)> {
        self.by_uri.iter()
    }

    pub fn uris(&self) -> impl Iterator<Item = &String> {
        self.by_uri.keys()
    }

    pub fn values(&self) -> impl Iterator<Item = &Arc<Document>> {
        self.by_uri.values()
    }

    /// Opens or replaces a document.
    pub fn insert(&mut self, uri: String, document: Arc<Document>) {
        self.generation += 1;
        self.by_uri.insert(uri, document);
    }

    pub fn remove(&mut self, uri: &str) -> Option<Arc<Document>> {
        self.generation += 1;
        self.by_uri.remove(uri)
    }

    /// A file changed on disk: every analysis must read again.
    pub fn disk_changed(&mut self) {
        self.generation += 1;
    }

    /// The URI of each open document, by path.
    pub fn uris_by_path(&self) -> HashMap<PathBuf, String> {
        self.by_uri
            .values()
            .map(|d| (d.path.clone(), d.uri.clone()))
            .collect()
    }

    pub fn by_path(&self, path: &Path) -> Option<&Arc<Document>> {
        self.by_uri.values().find(|d| d.path == path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn open(host: &mut AnalysisHost, path: &str, version: i32, text: &str) {
        let document = Document::new(
            path.to_string(),
            PathBuf::from(path),
            version,
            Arc::from(text),
        );
        host.insert(path.to_string(), Arc::new(document));
    }

    fn teams(analysis: &journey_check::Analysis) -> Vec<&str> {
        let model = &analysis.model;
        model
            .teams
            .iter()
            .map(|team| model.def(team.def).id.as_str())
            .collect()
    }

    /// `semantics_made` never makes an analysis: it gives the one made at
    /// the overlay's generation, or nothing.
    #[test]
    fn semantics_made_only_gives_an_analysis_of_the_same_generation() {
        let mut host = AnalysisHost::default();
        open(&mut host, "/p/main.journey", 1, "team m \"M\"\n");
        let main = host.get("/p/main.journey").unwrap().clone();
        let overlay = host.overlay();
        assert!(main.semantics_made(&overlay).is_none());
        assert!(main.last_semantics().is_none());
        let made = main.semantics(&overlay);
        assert!(Arc::ptr_eq(&made, &main.semantics_made(&overlay).unwrap()));
        host.disk_changed();
        assert!(main.semantics_made(&host.overlay()).is_none());
    }

    /// One analysis per version and generation: asked again at the same
    /// generation, the same analysis; after any other file changed, a new
    /// one that reads the new text.
    #[test]
    fn an_analysis_is_made_once_per_generation_and_again_after_a_change() {
        let mut host = AnalysisHost::default();
        open(&mut host, "/p/shared.journey", 1, "team a \"A\"\n");
        open(
            &mut host,
            "/p/main.journey",
            1,
            "import \"shared.journey\"\nteam m \"M\"\n",
        );
        let overlay = host.overlay();
        let main = host.get("/p/main.journey").unwrap().clone();
        let first = main.semantics(&overlay);
        assert!(Arc::ptr_eq(&first, &main.semantics(&overlay)));
        assert_eq!(teams(&first), ["a", "m"]);

        open(&mut host, "/p/shared.journey", 2, "team b \"B\"\n");
        let second = main.semantics(&host.overlay());
        assert!(!Arc::ptr_eq(&first, &second));
        assert_eq!(teams(&second), ["b", "m"]);

        host.disk_changed();
        let third = main.semantics(&host.overlay());
        assert!(!Arc::ptr_eq(&second, &third));
    }
}
