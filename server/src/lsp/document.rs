//! An open document: its text as a rope (edits are cheap), its version, and the latest analysis
//! with the exact text it was made from, shared with every request through an `Arc`.

use std::borrow::Cow;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use ropey::Rope;
use tower_lsp_server::ls_types::{TextDocumentContentChangeEvent, Uri};

use crate::checks::{self, Analysis, Options};

use super::convert::{self, Encoding};
use super::guard;

pub struct Document {
    /// The text as of the latest edit.
    pub rope: Rope,
    pub version: i32,
    /// Unique in the process, renewed by every edit and settings change: what an analysis must
    /// match to be current. Unique across documents too, so the analysis of a closed or
    /// reopened document's text never passes for the new one's.
    pub generation: u64,
    /// Which opening of the URI this is (the generation it was opened with): the analysis loop
    /// of an earlier opening stops instead of running beside the new one's.
    pub opening: u64,
    /// An analysis loop is running for this opening (see `Server::schedule`).
    pub analyzing: bool,
    /// The options the document is analysed with.
    pub options: Arc<Options>,
    /// The latest analysis stored: of `version` once it is done, of an older version meanwhile.
    pub analyzed: Arc<Snapshot>,
    /// Diagnostics were pushed for it and not cleared since.
    pub published: bool,
}

/// One version of a document with its analysis, consistent with itself whatever edits arrive
/// meanwhile: what requests work on.
pub struct Snapshot {
    pub version: i32,
    pub generation: u64,
    /// Unique among all analyses of the process: the pull diagnostics' `resultId`.
    pub serial: u64,
    /// The text analysed: the only copy kept of it (ropes share their chunks with later edits).
    pub rope: Rope,
    /// The options the analysis ran with (fix-all reuses them).
    pub options: Arc<Options>,
    analysis: Mutex<Held>,
    /// The analysis ran to its end (a panic leaves an empty one, which is never released, since
    /// rebuilding it would panic again).
    rebuildable: bool,
}

/// A snapshot's analysis, whole or released.
enum Held {
    Whole(Arc<Analysis>),
    /// Only the findings memo: the syntax tree and policy model were given back while the
    /// document was not used, and [`Snapshot::analysis`] rebuilds them from the text.
    Memo(Arc<Analysis>),
}

/// An analysis to run off the protocol loop: the text of one version.
pub struct Job {
    pub uri: Uri,
    pub version: i32,
    pub generation: u64,
    pub rope: Rope,
    pub options: Arc<Options>,
    /// The latest analysis stored, whose tree and statement findings this one reuses where the
    /// text is unchanged.
    pub previous: Arc<Snapshot>,
}

impl Document {
    /// A document not analysed yet: requests wait for the first analysis.
    pub fn open(text: &str, version: i32, options: Options) -> Document {
        let rope = Rope::from_str(text);
        let options = Arc::new(options);
        let analyzed = Arc::new(Snapshot::new(version, 0, 0, Rope::new(), Arc::default(), options.clone(), false));
        let generation = next_generation();
        Document {
            rope,
            version,
            generation,
            opening: generation,
            options,
            analyzed,
            published: false,
            analyzing: false,
        }
    }

    /// Applies the client's edits in order; each range refers to the text after the previous edit.
    pub fn apply(&mut self, changes: Vec<TextDocumentContentChangeEvent>, version: i32, encoding: Encoding) {
        for change in &changes {
            apply_change(&mut self.rope, change, encoding);
        }
        self.version = version;
        self.generation = next_generation();
    }

    /// New options: the stored analysis used the old ones.
    pub fn set_options(&mut self, options: Options) {
        self.options = Arc::new(options);
        self.generation = next_generation();
    }

    /// The analysis the current version needs.
    pub fn job(&self, uri: &Uri) -> Job {
        Job {
            uri: uri.clone(),
            version: self.version,
            generation: self.generation,
            rope: self.rope.clone(),
            options: self.options.clone(),
            previous: self.analyzed.clone(),
        }
    }

    /// Whether the stored analysis is of the current text.
    pub fn is_fresh(&self) -> bool {
        self.analyzed.generation == self.generation
    }
}

/// A generation never handed out before in this process (0 is the placeholder's).
fn next_generation() -> u64 {
    static GENERATION: AtomicU64 = AtomicU64::new(1);
    GENERATION.fetch_add(1, Ordering::Relaxed)
}

impl Job {
    /// Analyses the text; a panic in a rule leaves the version without findings instead of
    /// taking the server down.
    pub fn run(self) -> Snapshot {
        let text = String::from(&self.rope);
        let previous = self.previous.previous();
        let analyze = || checks::reanalyze(&text, &self.options, &previous, &self.previous.text());
        let analysis = guard::catch(&self.uri, "analysis", analyze);
        static SERIAL: AtomicU64 = AtomicU64::new(1);
        let serial = SERIAL.fetch_add(1, Ordering::Relaxed);
        let rebuildable = analysis.is_some();
        let analysis = Arc::new(analysis.unwrap_or_default());
        Snapshot::new(self.version, self.generation, serial, self.rope, analysis, self.options, rebuildable)
    }
}

impl Snapshot {
    fn new(
        version: i32,
        generation: u64,
        serial: u64,
        rope: Rope,
        analysis: Arc<Analysis>,
        options: Arc<Options>,
        rebuildable: bool,
    ) -> Snapshot {
        let analysis = Mutex::new(Held::Whole(analysis));
        Snapshot { version, generation, serial, rope, options, analysis, rebuildable }
    }

    /// The analysed text, borrowed when the rope holds it in one piece.
    pub fn text(&self) -> Cow<'_, str> {
        Cow::from(&self.rope)
    }

    /// The analysis of this version, rebuilt from its text if it was [released](Self::release):
    /// the same findings (each statement's are reused), tree and model.
    pub fn analysis(&self) -> Arc<Analysis> {
        let mut held = self.analysis.lock().unwrap_or_else(|e| e.into_inner());
        match &*held {
            Held::Whole(analysis) => analysis.clone(),
            Held::Memo(memo) => {
                let text = self.text();
                let analysis = Arc::new(checks::reanalyze(&text, &self.options, memo, &text));
                *held = Held::Whole(analysis.clone());
                analysis
            }
        }
    }

    #[cfg(test)]
    pub fn is_released(&self) -> bool {
        matches!(*self.analysis.lock().unwrap(), Held::Memo(_))
    }

    /// What the next version's analysis starts from: this one's findings memo.
    fn previous(&self) -> Arc<Analysis> {
        match &*self.analysis.lock().unwrap_or_else(|e| e.into_inner()) {
            Held::Whole(analysis) | Held::Memo(analysis) => analysis.clone(),
        }
    }

    /// Gives back the syntax tree and policy model, keeping the findings memo: for documents open
    /// but not used lately, which are most of a large workspace's.
    pub fn release(&self) {
        let mut held = self.analysis.lock().unwrap_or_else(|e| e.into_inner());
        if let Held::Whole(analysis) = &*held
            && self.rebuildable
        {
            // The layout stays: the next analysis keeps it when an edit leaves it as it was.
            let kept = Analysis { memo: analysis.memo.clone(), style: analysis.style.clone(), ..Analysis::default() };
            *held = Held::Memo(Arc::new(kept));
        }
    }
}

/// Applies one client change to a rope: a range (clamped into the text, in the negotiated
/// encoding) replaced by the change's text, or the whole text when there is no range. Public for
/// the property tests and fuzz targets that compare it with a reference model.
pub fn apply_change(rope: &mut Rope, change: &TextDocumentContentChangeEvent, encoding: Encoding) {
    match change.range {
        Some(range) => {
            let bytes = convert::text_range(rope, range, encoding);
            let start = rope.byte_to_char(bytes.start);
            let end = rope.byte_to_char(bytes.end);
            rope.remove(start..end);
            rope.insert(start, &change.text);
        }
        None => *rope = Rope::from_str(&change.text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tower_lsp_server::ls_types::{Position, Range};

    fn change(range: ((u32, u32), (u32, u32)), text: &str) -> TextDocumentContentChangeEvent {
        let ((l1, c1), (l2, c2)) = range;
        TextDocumentContentChangeEvent {
            range: Some(Range::new(Position::new(l1, c1), Position::new(l2, c2))),
            range_length: None,
            text: text.to_owned(),
        }
    }

    #[test]
    fn applies_incremental_edits_in_order() {
        let uri: Uri = "file:///p.json".parse().unwrap();
        let mut doc = Document::open("{\n  \"Sid\": \"한국어\"\n}", 1, Options::default());
        assert!(!doc.is_fresh());
        // UTF-16: the three syllables are columns 10..13.
        doc.apply(vec![change(((1, 10), (1, 13)), "AB"), change(((1, 12), (1, 12)), "😀")], 2, Encoding::Utf16);
        assert_eq!(doc.rope.to_string(), "{\n  \"Sid\": \"AB😀\"\n}");
        doc.apply(vec![change(((1, 12), (1, 16)), "")], 3, Encoding::Utf8);
        let snapshot = doc.job(&uri).run();
        assert_eq!((&*snapshot.text(), snapshot.version), ("{\n  \"Sid\": \"AB\"\n}", 3));
    }

    #[test]
    fn a_released_analysis_is_rebuilt_the_same() {
        let uri: Uri = "file:///p.json".parse().unwrap();
        let text = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "*"}]}"#;
        let snapshot = Document::open(text, 1, Options::default()).job(&uri).run();
        let whole = snapshot.analysis();
        assert!(!whole.findings.is_empty());
        snapshot.release();
        assert!(snapshot.is_released());
        let rebuilt = snapshot.analysis();
        assert!(!snapshot.is_released());
        assert_eq!((&rebuilt.findings, rebuilt.document.policies.len()), (&whole.findings, 1));
    }

    #[test]
    fn an_analysis_that_panicked_is_never_released() {
        let snapshot = Snapshot::new(1, 1, 1, Rope::from_str("{}"), Arc::default(), Arc::default(), false);
        snapshot.release();
        assert!(!snapshot.is_released());
    }
}
