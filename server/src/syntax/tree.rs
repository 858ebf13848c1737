use std::sync::Arc;

use super::TextRange;

/// A JSON value with the byte range of its source text.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub range: TextRange,
    pub kind: NodeKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum NodeKind {
    /// Members in source order; duplicate keys are all kept.
    Object(Vec<Member>),
    Array(Vec<Node>),
    /// The unescaped string value; shared, not copied, by the trees of later versions and by the
    /// policy model, which a keystroke in a long document would otherwise copy string by string.
    String(Arc<str>),
    /// The number as written.
    Number(String),
    Bool(bool),
    Null,
    /// A value the host computes when it deploys the policy (a CloudFormation intrinsic function:
    /// `Ref`, `Fn::GetAtt`, `Fn::If`, a `Fn::Sub` with placeholders…), named by its function. No rule
    /// may judge it: what it will be is not known here.
    Unknown(String),
}

/// An object member: `"key": value`.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    pub key: Key,
    pub value: Node,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Key {
    pub text: String,
    /// The key token, quotes included.
    pub range: TextRange,
}

impl Member {
    /// From the key's first byte to the value's last.
    pub fn range(&self) -> TextRange {
        self.key.range.cover(self.value.range)
    }
}

impl Node {
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            NodeKind::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_object(&self) -> Option<&[Member]> {
        match &self.kind {
            NodeKind::Object(members) => Some(members),
            _ => None,
        }
    }

    /// Whether this value, or one inside it, is computed at deployment.
    pub fn has_unknown(&self) -> bool {
        match &self.kind {
            NodeKind::Unknown(_) => true,
            NodeKind::Object(members) => members.iter().any(|m| m.value.has_unknown()),
            NodeKind::Array(items) => items.iter().any(Node::has_unknown),
            _ => false,
        }
    }

    pub fn as_array(&self) -> Option<&[Node]> {
        match &self.kind {
            NodeKind::Array(items) => Some(items),
            _ => None,
        }
    }

    /// The JSON type's name, for messages.
    pub fn type_name(&self) -> &'static str {
        match self.kind {
            NodeKind::Object(_) => "an object",
            NodeKind::Array(_) => "an array",
            NodeKind::String(_) => "a string",
            NodeKind::Number(_) => "a number",
            NodeKind::Bool(_) => "a boolean",
            NodeKind::Null => "null",
            NodeKind::Unknown(_) => "a value computed at deployment",
        }
    }

    /// All members of an object with this key (IAM element names are case-sensitive).
    pub fn members<'a>(&'a self, key: &'a str) -> impl Iterator<Item = &'a Member> + 'a {
        self.as_object().unwrap_or_default().iter().filter(move |m| m.key.text == key)
    }

    /// The last member with this key: where IAM's legacy parser let a repeated key win.
    pub fn get(&self, key: &str) -> Option<&Member> {
        self.as_object()?.iter().rev().find(|m| m.key.text == key)
    }

    /// The nodes and members on the way down to `offset`, outermost first.
    pub fn path_at(&self, offset: usize) -> Vec<PathStep<'_>> {
        let mut path = Vec::new();
        if !self.range.contains_inclusive(offset) {
            return path;
        }
        let mut node = self;
        loop {
            path.push(PathStep::Node(node));
            let next = match &node.kind {
                NodeKind::Object(members) => {
                    let Some(m) = members.iter().find(|m| m.range().contains_inclusive(offset)) else {
                        return path;
                    };
                    if m.key.range.contains_inclusive(offset) {
                        path.push(PathStep::Key(m));
                        return path;
                    }
                    path.push(PathStep::Value(m));
                    &m.value
                }
                NodeKind::Array(items) => match items.iter().find(|n| n.range.contains_inclusive(offset)) {
                    Some(n) => n,
                    None => return path,
                },
                _ => return path,
            };
            if !next.range.contains_inclusive(offset) {
                return path;
            }
            node = next;
        }
    }
}

/// One step of [`Node::path_at`]: a node, or the member whose key or value holds the offset.
#[derive(Debug, Clone, Copy)]
pub enum PathStep<'a> {
    Node(&'a Node),
    Key(&'a Member),
    Value(&'a Member),
}
