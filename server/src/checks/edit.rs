//! Building fix edits that keep the document valid JSON and in the user's layout.

use crate::syntax::{Member, Node, Style, TextRange};

use super::Edit;

/// Replaces a string literal (quotes included) by another value, escaped.
pub fn replace_string(range: TextRange, value: &str) -> Edit {
    Edit::replace(range, json_string(value))
}

pub fn json_string(value: &str) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| format!("\"{value}\""))
}

/// Deletes item `index` of a comma-separated list (array elements or object members, given by
/// their ranges in order), with the comma that separates it from its neighbour and the white
/// space before it, so the list stays valid JSON on one line or many.
pub fn remove_list_item(text: &str, items: &[TextRange], index: usize) -> Edit {
    let item = items[index];
    let range = if index + 1 < items.len() {
        // Up to the next item, keeping the next item's own leading white space layout.
        let next = items[index + 1];
        let start = start_of_line_if_alone(text, item.start);
        let end = if start < item.start { start_of_line_if_alone(text, next.start) } else { next.start };
        TextRange::new(start, end)
    } else if index > 0 {
        // Last item: from the end of the previous one.
        TextRange::new(items[index - 1].end, item.end)
    } else {
        item
    };
    Edit::delete(range)
}

/// [`remove_list_item`] for element `index` of an array, looking only at its neighbours (a policy
/// may hold thousands of statements).
pub fn remove_element(text: &str, elements: &[Node], index: usize) -> Edit {
    let window = index.saturating_sub(1)..(index + 2).min(elements.len());
    let ranges: Vec<TextRange> = elements[window.clone()].iter().map(|n| n.range).collect();
    remove_list_item(text, &ranges, index - window.start)
}

/// Deletes member `index` of an object.
pub fn remove_member(text: &str, members: &[Member], index: usize) -> Edit {
    let ranges: Vec<TextRange> = members.iter().map(Member::range).collect();
    remove_list_item(text, &ranges, index)
}

/// Deletes several items of a list at once (each run of neighbours as one edit), so the edits
/// never overlap and the list keeps its commas right. `indices` in any order.
pub fn remove_list_items(text: &str, items: &[TextRange], indices: &[usize]) -> Vec<Edit> {
    let mut sorted: Vec<usize> = indices.iter().copied().filter(|&i| i < items.len()).collect();
    sorted.sort_unstable();
    sorted.dedup();
    let mut edits = Vec::new();
    let mut i = 0;
    while i < sorted.len() {
        let (first, mut last) = (sorted[i], sorted[i]);
        while i + 1 < sorted.len() && sorted[i + 1] == last + 1 {
            i += 1;
            last = sorted[i];
        }
        i += 1;
        let run = TextRange::new(items[first].start, items[last].end);
        // The run behaves like one item of a list where its neighbours are unchanged.
        let (before, after) = (first.checked_sub(1).map(|p| items[p]), items.get(last + 1).copied());
        let list: Vec<TextRange> = before.into_iter().chain([run]).chain(after).collect();
        edits.push(remove_list_item(text, &list, usize::from(before.is_some())));
    }
    edits
}

/// Deletes several members of an object at once; see [`remove_list_items`].
pub fn remove_members(text: &str, members: &[Member], indices: &[usize]) -> Vec<Edit> {
    let ranges: Vec<TextRange> = members.iter().map(Member::range).collect();
    remove_list_items(text, &ranges, indices)
}

/// `offset`'s line start when only white space precedes it on its line, else `offset`.
fn start_of_line_if_alone(text: &str, offset: usize) -> usize {
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    if text[line_start..offset].trim().is_empty() { line_start } else { offset }
}

/// Inserts `"key": value_json` as the first member of `object`, laid out like its members.
pub fn insert_first_member(text: &str, object: &Node, key: &str, value_json: &str, style: &Style) -> Edit {
    let members = object.as_object().unwrap_or_default();
    let member = format!("{}: {value_json}", json_string(key));
    let open = object.range.start + 1;
    match members.first() {
        Some(first) => {
            let line_start = text[..first.key.range.start].rfind('\n').map_or(0, |i| i + 1);
            if text[line_start..first.key.range.start].trim().is_empty() && line_start > object.range.start {
                // Multi-line object: a new line with the first member's indentation.
                let indent = &text[line_start..first.key.range.start];
                Edit::insert(line_start, format!("{indent}{member},{}", style.newline))
            } else {
                Edit::insert(first.key.range.start, format!("{member}, "))
            }
        }
        None => Edit::insert(open, member),
    }
}

/// Renders strings as a JSON array in the layout of an existing array: one item per line when the
/// original had items on separate lines, else inline.
pub fn string_array(values: &[&str], multiline_indent: Option<(&str, &Style)>) -> String {
    let items: Vec<String> = values.iter().map(|v| json_string(v)).collect();
    match multiline_indent {
        Some((indent, style)) if items.len() > 1 => {
            let inner = format!("{indent}{}", style.indent);
            let sep = format!(",{}{inner}", style.newline);
            format!("[{}{inner}{}{}{indent}]", style.newline, items.join(&sep), style.newline)
        }
        _ => format!("[{}]", items.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::apply_edits;
    use crate::syntax::parse;

    fn items(text: &str) -> Vec<TextRange> {
        parse(text).roots[0].as_array().unwrap().iter().map(|n| n.range).collect()
    }

    #[test]
    fn removes_items_and_their_commas() {
        let inline = r#"["a", "b", "c"]"#;
        let r = items(inline);
        assert_eq!(apply_edits(inline, &[remove_list_item(inline, &r, 0)]), r#"["b", "c"]"#);
        assert_eq!(apply_edits(inline, &[remove_list_item(inline, &r, 1)]), r#"["a", "c"]"#);
        assert_eq!(apply_edits(inline, &[remove_list_item(inline, &r, 2)]), r#"["a", "b"]"#);
        let lines = "[\n  \"a\",\n  \"b\",\n  \"c\"\n]";
        let r = items(lines);
        assert_eq!(apply_edits(lines, &[remove_list_item(lines, &r, 1)]), "[\n  \"a\",\n  \"c\"\n]");
        assert_eq!(apply_edits(lines, &[remove_list_item(lines, &r, 2)]), "[\n  \"a\",\n  \"b\"\n]");
        assert_eq!(apply_edits(lines, &[remove_list_item(lines, &r, 0)]), "[\n  \"b\",\n  \"c\"\n]");
    }

    #[test]
    fn removing_an_element_looks_at_its_neighbours_only() {
        for text in [r#"["a", "b", "c", "d"]"#, "[\n  \"a\",\n  \"b\",\n  \"c\",\n  \"d\"\n]", r#"["a"]"#] {
            let root = &parse(text).roots[0];
            let elements = root.as_array().unwrap();
            let r = items(text);
            for index in 0..elements.len() {
                assert_eq!(remove_element(text, elements, index), remove_list_item(text, &r, index), "{text} {index}");
            }
        }
    }

    #[test]
    fn removes_several_items_without_overlapping_edits() {
        let lines = "[\n  \"a\",\n  \"b\",\n  \"c\",\n  \"d\"\n]";
        let r = items(lines);
        let out = |idx: &[usize]| apply_edits(lines, &remove_list_items(lines, &r, idx));
        assert_eq!(out(&[2, 3]), "[\n  \"a\",\n  \"b\"\n]");
        assert_eq!(out(&[0, 2]), "[\n  \"b\",\n  \"d\"\n]");
        assert_eq!(out(&[1, 3]), "[\n  \"a\",\n  \"c\"\n]");
        let inline = r#"["a", "b", "c"]"#;
        let r = items(inline);
        assert_eq!(apply_edits(inline, &remove_list_items(inline, &r, &[1, 2])), r#"["a"]"#);
        assert_eq!(apply_edits(inline, &remove_list_items(inline, &r, &[0, 1])), r#"["c"]"#);
    }

    #[test]
    fn inserts_a_first_member_in_the_objects_layout() {
        let style = Style::default();
        let text = "{\n  \"Statement\": []\n}";
        let root = &parse(text).roots[0];
        let edit = insert_first_member(text, root, "Version", "\"2012-10-17\"", &style);
        assert_eq!(apply_edits(text, &[edit]), "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": []\n}");
        let text = r#"{"Statement": []}"#;
        let root = &parse(text).roots[0];
        let edit = insert_first_member(text, root, "Version", "\"2012-10-17\"", &style);
        assert_eq!(apply_edits(text, &[edit]), r#"{"Version": "2012-10-17", "Statement": []}"#);
    }
}
