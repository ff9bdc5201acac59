//! `# canon: ignore` and `# canon: ignore[rule-id, ...]` trailing comments.

use std::collections::HashMap;

use crate::python::{LineIndex, Semantic};

#[derive(Debug, Clone, PartialEq, Eq)]
enum Suppress {
    All,
    Rules(Vec<String>),
}

/// Suppression comments by 1-based line, and which of them did something.
#[derive(Debug, Default)]
pub struct Suppressions {
    by_line: HashMap<usize, Suppress>,
    used: std::cell::RefCell<std::collections::HashSet<usize>>,
}

impl Suppressions {
    pub fn from_comments(sem: &Semantic, index: &LineIndex) -> Self {
        let mut by_line = HashMap::new();
        for comment in &sem.comments {
            if let Some(s) = parse(sem.text(*comment)) {
                by_line.insert(index.position(comment.start_byte()).line, s);
            }
        }
        Suppressions {
            by_line,
            used: Default::default(),
        }
    }

    pub fn suppresses(&self, line: usize, rule: &str) -> bool {
        let hit = match self.by_line.get(&line) {
            Some(Suppress::All) => true,
            Some(Suppress::Rules(ids)) => ids.iter().any(|id| id == rule),
            None => false,
        };
        if hit {
            self.used.borrow_mut().insert(line);
        }
        hit
    }

    /// Lines whose suppression suppressed nothing, sorted.
    pub fn unused(&self) -> Vec<usize> {
        let used = self.used.borrow();
        let mut out: Vec<usize> = self
            .by_line
            .keys()
            .filter(|l| !used.contains(l))
            .copied()
            .collect();
        out.sort_unstable();
        out
    }
}

/// Parse one comment; the directive may follow other text (`# noqa  # canon: ignore`).
fn parse(comment: &str) -> Option<Suppress> {
    let at = comment.find("canon:")?;
    let rest = comment[at + "canon:".len()..].trim_start();
    let rest = rest.strip_prefix("ignore")?;
    if let Some(list) = rest.strip_prefix('[') {
        let list = &list[..list.find(']')?];
        let ids = list
            .split(',')
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect();
        return Some(Suppress::Rules(ids));
    }
    // `ignore` must end the word: `# canon: ignored` is prose, not a directive.
    match rest.chars().next() {
        None => Some(Suppress::All),
        Some(c) if c.is_whitespace() || c == '#' => Some(Suppress::All),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_directives() {
        assert_eq!(parse("# canon: ignore"), Some(Suppress::All));
        assert_eq!(parse("#canon:ignore  "), Some(Suppress::All));
        assert_eq!(parse("# noqa: E501  # canon: ignore"), Some(Suppress::All));
        assert_eq!(
            parse("# canon: ignore[a-b, c]"),
            Some(Suppress::Rules(vec!["a-b".into(), "c".into()]))
        );
        assert_eq!(parse("# canon: ignored for now"), None);
        assert_eq!(parse("# canon: ignore[a"), None);
        assert_eq!(parse("# a plain comment"), None);
    }
}
