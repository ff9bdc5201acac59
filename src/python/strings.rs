//! The values of Python string literals.

use std::ops::Range;

use tree_sitter::Node;

/// The byte range between a plain string's quotes; `None` for f-strings
/// with interpolations and for strings without content.
pub fn string_content(node: Node) -> Option<Range<usize>> {
    let mut cursor = node.walk();
    let mut start = None;
    let mut end = None;
    for child in node.children(&mut cursor) {
        match child.kind() {
            "string_start" => start = Some(child.end_byte()),
            "string_end" => end = Some(child.start_byte()),
            "interpolation" => return None,
            _ => {}
        }
    }
    let (s, e) = (start?, end?);
    (s < e).then_some(s..e)
}

/// A text string literal's value and the range to replace it: the content
/// of a plain string, or the whole node of an implicit concatenation.
/// Bytes literals and f-strings with interpolations have no value here.
pub fn string_value(source: &str, node: Node) -> Option<(Range<usize>, String)> {
    match node.kind() {
        "string" => {
            let prefix = node.child(0).map(|s| &source[s.byte_range()])?;
            if prefix.contains(['b', 'B']) {
                return None;
            }
            let content = string_content(node)?;
            Some((content.clone(), source[content].to_string()))
        }
        "concatenated_string" => {
            let mut value = String::new();
            let mut cursor = node.walk();
            for part in node.named_children(&mut cursor) {
                if part.kind() == "comment" {
                    continue;
                }
                let (_, v) = string_value(source, part)?;
                value.push_str(&v);
            }
            Some((node.byte_range(), value))
        }
        _ => None,
    }
}
