//! An open document: its text as a rope (edits are cheap), its version, and the analysis of
//! exactly that text, shared with every request through an `Arc`.

use std::sync::Arc;

use ropey::Rope;
use tower_lsp_server::ls_types::{TextDocumentContentChangeEvent, Uri};

use crate::checks::{self, Analysis, Options};

use super::convert::{self, Encoding};
use super::guard;

pub struct Document {
    pub rope: Rope,
    pub version: i32,
    /// The rope's text, kept for the analysis functions (they work on `&str`).
    pub text: Arc<str>,
    pub analysis: Arc<Analysis>,
    /// The options the analysis ran with (the fix-all action reuses them).
    pub options: Arc<Options>,
    /// Diagnostics were pushed for it and not cleared since.
    pub published: bool,
}

/// What a request needs of a document, consistent with itself whatever edits arrive meanwhile.
#[derive(Clone)]
pub struct Snapshot {
    pub rope: Rope,
    pub text: Arc<str>,
    pub analysis: Arc<Analysis>,
    pub options: Arc<Options>,
}

impl Document {
    pub fn open(uri: &Uri, text: String, version: i32, options: Options) -> Document {
        let options = Arc::new(options);
        let analysis = analyze(uri, &text, &options);
        Document { rope: Rope::from_str(&text), version, text: text.into(), analysis, options, published: false }
    }

    /// Applies the client's edits in order; each range refers to the text after the previous edit.
    pub fn apply(&mut self, changes: Vec<TextDocumentContentChangeEvent>, version: i32, encoding: Encoding) {
        for change in changes {
            match change.range {
                Some(range) => {
                    let bytes = convert::text_range(&self.rope, range, encoding);
                    let start = self.rope.byte_to_char(bytes.start);
                    let end = self.rope.byte_to_char(bytes.end);
                    self.rope.remove(start..end);
                    self.rope.insert(start, &change.text);
                }
                None => self.rope = Rope::from_str(&change.text),
            }
        }
        self.version = version;
        self.text = self.rope.to_string().into();
    }

    /// Analyses the current text again (after an edit or a settings change).
    pub fn reanalyze(&mut self, uri: &Uri, options: Options) {
        self.options = Arc::new(options);
        self.analysis = analyze(uri, &self.text, &self.options);
    }

    pub fn snapshot(&self) -> Snapshot {
        Snapshot {
            rope: self.rope.clone(),
            text: self.text.clone(),
            analysis: self.analysis.clone(),
            options: self.options.clone(),
        }
    }
}

/// Analyses the text; a panic in a rule leaves the document without findings instead of
/// taking the server down.
fn analyze(uri: &Uri, text: &str, options: &Options) -> Arc<Analysis> {
    Arc::new(guard::catch(uri, "analysis", || checks::analyze(text, options)).unwrap_or_default())
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
        let mut doc = Document::open(&uri, "{\n  \"Sid\": \"한국어\"\n}".to_owned(), 1, Options::default());
        // UTF-16: the three syllables are columns 10..13.
        doc.apply(vec![change(((1, 10), (1, 13)), "AB"), change(((1, 12), (1, 12)), "😀")], 2, Encoding::Utf16);
        assert_eq!(&*doc.text, "{\n  \"Sid\": \"AB😀\"\n}");
        doc.apply(vec![change(((1, 12), (1, 16)), "")], 3, Encoding::Utf8);
        assert_eq!(&*doc.text, "{\n  \"Sid\": \"AB\"\n}");
        assert_eq!(doc.version, 3);
    }
}
