//! The syntax layer: JSON text to a tree where every key and value has a byte range.

mod parse;
mod range;
mod style;
mod tree;

pub use parse::{Parse, SyntaxError, SyntaxErrorKind, parse};
pub use range::TextRange;
pub use style::Style;
pub use tree::{Key, Member, Node, NodeKind, PathStep};
