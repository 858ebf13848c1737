use std::fmt;
use std::str::FromStr;

use crate::syntax::TextRange;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
    Info,
    Hint,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
            Severity::Hint => "hint",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Severity {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "error" => Ok(Severity::Error),
            "warning" | "warn" => Ok(Severity::Warning),
            "info" | "information" => Ok(Severity::Info),
            "hint" => Ok(Severity::Hint),
            _ => Err(format!("unknown severity `{s}` (expected error, warning, info, hint or off)")),
        }
    }
}

/// A problem found in a policy, at an exact range, with the fixes that repair it.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub code: &'static str,
    pub severity: Severity,
    pub range: TextRange,
    pub message: String,
    pub related: Vec<Related>,
    pub fixes: Vec<Fix>,
}

/// Another place that explains a finding (the first of two duplicate keys, a cause).
#[derive(Debug, Clone, PartialEq)]
pub struct Related {
    pub range: TextRange,
    pub message: String,
}

/// A repair: text edits that turn the document into a valid one without the finding.
#[derive(Debug, Clone, PartialEq)]
pub struct Fix {
    pub title: String,
    pub edits: Vec<Edit>,
    /// Whether it may be applied unattended (`--fix`, fix-all): it keeps the policy's meaning or
    /// restores the only meaning the author can have had.
    pub safe: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub range: TextRange,
    pub new_text: String,
}

impl Edit {
    pub fn replace(range: TextRange, new_text: impl Into<String>) -> Edit {
        Edit { range, new_text: new_text.into() }
    }

    pub fn insert(at: usize, new_text: impl Into<String>) -> Edit {
        Edit { range: TextRange::empty(at), new_text: new_text.into() }
    }

    pub fn delete(range: TextRange) -> Edit {
        Edit { range, new_text: String::new() }
    }
}

impl Finding {
    pub fn with_related(mut self, range: TextRange, message: impl Into<String>) -> Self {
        self.related.push(Related { range, message: message.into() });
        self
    }

    pub fn with_fix(mut self, title: impl Into<String>, edits: Vec<Edit>, safe: bool) -> Self {
        self.fixes.push(Fix { title: title.into(), edits, safe });
        self
    }

    /// Every range the finding holds: its own, its related locations' and its edits'.
    pub fn ranges(&self) -> impl Iterator<Item = TextRange> + '_ {
        let related = self.related.iter().map(|r| r.range);
        let edits = self.fixes.iter().flat_map(|f| &f.edits).map(|e| e.range);
        std::iter::once(self.range).chain(related).chain(edits)
    }

    /// The finding with every range moved from text starting at `from` to the same text
    /// starting at `to`.
    pub fn moved(&self, from: usize, to: usize) -> Finding {
        let at = |r: TextRange| TextRange::new(r.start - from + to, r.end - from + to);
        let mut f = self.clone();
        f.range = at(f.range);
        f.related.iter_mut().for_each(|r| r.range = at(r.range));
        f.fixes.iter_mut().flat_map(|f| &mut f.edits).for_each(|e| e.range = at(e.range));
        f
    }
}
