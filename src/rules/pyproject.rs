//! canon's table in a `pyproject.toml` as TOML reads it: whether a file
//! has one, and where its text is. Every spelling TOML takes for the same
//! table counts the same (`[tool.canon]`, `[tool."canon"]`,
//! `[ tool . canon ]`, only `[[tool.canon.move]]`, `canon.move = [...]`
//! under `[tool]`, `tool = { canon = {...} }`): a text match on
//! `tool.canon` missed some and was fooled by others. This module reads
//! text only; loading and compiling the rules is `compile`'s.

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// Whether a `pyproject.toml`'s text has a `[tool.canon]` table, in any
/// spelling. A file TOML cannot read counts when what it can read of it
/// has one: that is someone's configuration, and loading it says where it
/// is broken.
pub fn has_canon_table(text: &str) -> bool {
    let (root, _) = DeTable::parse_recoverable(text);
    canon_value(root.get_ref()).is_some()
}

/// Byte ranges of canon's own table in a `pyproject.toml`: each of its
/// values, and the text under each of its table headers up to the next
/// header that is not canon's (its comments too). The rules' dotted paths
/// there are not mentions of them. Sorted, none overlapping.
pub fn canon_table_ranges(text: &str) -> Vec<Range<usize>> {
    // A key `canon` is spelled so, or with an escape (`"\u0063anon"`):
    // without either there is nothing to parse for.
    if !text.contains("canon") && !text.contains("\\u") && !text.contains("\\U") {
        return Vec::new();
    }
    let (root, _) = DeTable::parse_recoverable(text);
    let mut ranges = Vec::new();
    if let Some(canon) = canon_value(root.get_ref()) {
        leaf_spans(canon, &mut ranges);
    }
    // A `[` that starts a line inside an array or a multi-line string is
    // no header.
    let mut values = Vec::new();
    for (_, v) in root.get_ref().iter() {
        leaf_spans(v, &mut values);
    }
    // Leaf values do not overlap: sorted, the one that may hold `at` is
    // the last to start before it.
    values.sort_by_key(|r| r.start);
    let inside = |at: usize| {
        let i = values.partition_point(|r| r.start < at);
        i > 0 && at < values[i - 1].end
    };
    let mut open: Option<usize> = None;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let bracket = offset + (line.len() - line.trim_start().len());
        if let Some(path) = line
            .trim_start()
            .starts_with('[')
            .then(|| header_path(line.trim()))
            .flatten()
            .filter(|_| !inside(bracket))
        {
            let ours = path.len() >= 2 && path[0] == "tool" && path[1] == "canon";
            match (open, ours) {
                (None, true) => open = Some(offset),
                (Some(start), false) => {
                    ranges.push(start..offset);
                    open = None;
                }
                _ => {}
            }
        }
        offset += line.len();
    }
    if let Some(start) = open {
        ranges.push(start..offset);
    }
    // Sorted and merged: a value under a header is in its header's range.
    ranges.sort_by_key(|r| (r.start, r.end));
    let mut merged: Vec<Range<usize>> = Vec::new();
    for r in ranges {
        match merged.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    merged
}

/// `tool.canon` in a parsed document, if it is there.
fn canon_value<'a, 'i>(root: &'a DeTable<'i>) -> Option<&'a Spanned<DeValue<'i>>> {
    root.get("tool")?.get_ref().get("canon")
}

/// The spans of the values in `value` that are not tables: strings,
/// numbers, arrays (each whole); a table's own span is its header only.
fn leaf_spans(value: &Spanned<DeValue<'_>>, out: &mut Vec<Range<usize>>) {
    match value.get_ref() {
        DeValue::Table(t) => {
            for (_, v) in t.iter() {
                leaf_spans(v, out);
            }
        }
        // An array of tables (`[[tool.canon.move]]`) has its tables' values.
        DeValue::Array(a) if a.iter().all(|e| e.get_ref().is_table()) && !a.is_empty() => {
            for e in a.iter() {
                leaf_spans(e, out);
            }
        }
        _ => out.push(value.span()),
    }
}

/// The key path of a line that is a table header alone (`[a."b" . c]`,
/// `[[a.b]]`, a comment after it), as TOML reads it; `None` for any other line.
fn header_path(line: &str) -> Option<Vec<String>> {
    let parsed = DeTable::parse(line).ok()?;
    let mut path = Vec::new();
    let mut table = parsed.get_ref();
    loop {
        let mut entries = table.iter();
        let (Some((key, value)), None) = (entries.next(), entries.next()) else {
            break;
        };
        path.push(key.get_ref().to_string());
        table = match value.get_ref() {
            DeValue::Table(t) => t,
            DeValue::Array(a) => match a.iter().last().map(|e| e.get_ref()) {
                Some(DeValue::Table(t)) => t,
                _ => return None,
            },
            _ => return None,
        };
    }
    (!path.is_empty()).then_some(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_spelling_of_the_table_is_found() {
        for text in [
            "[tool.canon]\nx = 1\n",
            "[tool.\"canon\"]\nx = 1\n",
            "[ tool . canon ]\nx = 1\n",
            "[tool.'canon'.settings]\nx = 1\n",
            "[[tool . \"canon\" . move]]\nid = 'm'\n",
            "[tool]\ncanon.settings.branch = 'b'\n",
            "[tool.\"\\u0063anon\"]\nx = 1\n",
            "tool.canon.move = [{ id = 'm' }]\n",
            "tool = { canon = { move = [] } }\n",
            // Broken further down: still someone's configuration.
            "[tool.\"canon\"]\nx = 1\n[project\n",
        ] {
            assert!(has_canon_table(text), "{text}");
        }
        for text in [
            "[tool.canonical]\nx = 1\n",
            "[tool.ruff]\n# see tool.canon\nx = 'tool.canon'\n",
            "[\"tool.canon\"]\nx = 1\n",
            "tool = 1\n",
            "",
        ] {
            assert!(!has_canon_table(text), "{text}");
        }
    }

    #[test]
    fn the_tables_text_is_canons_in_every_spelling() {
        let text = "[project]\nname='x'\n[ tool . \"canon\" . settings ]\n# old.mod is gone\nbranch='b'\n[[tool.canon.move]]\nold='a.b'\n[tool.ruff]\nx=1\n";
        let r = canon_table_ranges(text);
        let covered = |s: &str| {
            let at = text.find(s).unwrap();
            r.iter().any(|r| r.contains(&at))
        };
        assert!(covered("# old.mod"));
        assert!(covered("'a.b'"));
        assert!(!covered("name='x'"));
        assert!(!covered("x=1"));
        let text = "[tool.\"\\u0063anon\"]\nold = 'a.b'\n";
        assert_eq!(canon_table_ranges(text), vec![(0..text.len())]);
    }

    #[test]
    fn dotted_keys_and_inline_tables_are_canons_values_only() {
        let text =
            "[tool]\ncanon.move = [\n  { id = 'm', old = 'a.b', new = 'c.d' },\n]\nother = 'a.b'\n";
        let r = canon_table_ranges(text);
        let at = |s: &str| text.find(s).unwrap();
        assert!(r.iter().any(|r| r.contains(&at("'a.b', new"))));
        assert!(!r.iter().any(|r| r.contains(&at("'a.b'\n"))));
    }

    #[test]
    fn a_bracket_inside_an_array_is_no_header() {
        let text = "[tool.canon.settings]\nmentions = [\n[\"x\"]\n]\n# a.b\n[tool.ruff]\n";
        let r = canon_table_ranges(text);
        let at = text.find("# a.b").unwrap();
        assert!(r.iter().any(|r| r.contains(&at)), "{r:?}");
    }
}
