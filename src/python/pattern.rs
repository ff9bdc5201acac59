//! Structural patterns for `rewrite` rules.
//!
//! A pattern is a Python expression with holes: `$NAME` matches one node,
//! `$$$NAME` matches zero or more sibling nodes (call arguments, list
//! elements), and `{a.b.c}` matches any name or attribute chain that resolves
//! to the dotted symbol `a.b.c` in the file being matched. Everything else
//! must match node for node (operators and keywords included; commas and
//! parentheses are layout and ignored).

use std::collections::HashMap;
use std::ops::Range;

use tree_sitter::Node;

use super::semantic::{ScopeId, Semantic};

const VAR: &str = "__canon_var_";
const MULTI: &str = "__canon_multi_";
const SYM: &str = "__canon_sym_";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PatNode {
    Symbol(String),
    Var(String),
    Multi(String),
    Node {
        kind: u16,
        kind_name: &'static str,
        /// The text of a leaf node (identifiers, numbers, string pieces).
        leaf: Option<String>,
        /// Anonymous tokens other than `,` `(` `)`: operators, keywords.
        tokens: Vec<u16>,
        children: Vec<PatNode>,
    },
}

#[derive(Debug, Clone)]
pub struct Pattern {
    pub source: String,
    pub root: PatNode,
    /// The dotted symbols the pattern names, in order of appearance.
    pub symbols: Vec<String>,
    /// `$X` and `$$$X` names bound by the pattern.
    pub vars: Vec<String>,
    /// Identifiers the pattern spells out literally (for prefiltering).
    pub literals: Vec<String>,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum PatternError {
    #[error("`{0}` is not a valid Python expression once its holes are filled")]
    Syntax(String),
    #[error("a pattern must be a single expression, got `{0}`")]
    NotExpression(String),
    #[error("`${0}` is malformed: a hole is `$NAME` or `$$$NAME` with NAME an identifier")]
    BadHole(String),
    #[error("`{{{0}}}` is not a dotted Python path")]
    BadSymbol(String),
    #[error(
        "`{{{0}}}` is not a dotted Python path: `{1}` is a Python keyword, so no import can name it"
    )]
    KeywordInSymbol(String, String),
    #[error(
        "`{{{0}}}` is spelt in a form Python reads as `{1}` (NFKC, PEP 3131): canon compares and writes names as written; write `{{{1}}}`"
    )]
    UnnormalisedSymbol(String, String),
    #[error("a pattern that is only a hole matches everything; give it some structure")]
    OnlyHole,
}

/// Where each hole was bound in a match.
pub type MatchBindings = HashMap<String, Range<usize>>;

#[derive(Debug, Clone)]
pub struct Match<'t> {
    pub node: Node<'t>,
    /// The node around `node`, found by the walk that found it:
    /// `Node::parent` walks down from the root again, which a deep tree (a
    /// 10,000-term `+` chain) makes quadratic over its matches.
    pub parent: Option<Node<'t>>,
    pub scope: ScopeId,
    pub bindings: MatchBindings,
}

/// A piece of pattern or template text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    Text(String),
    /// `$NAME` (`multi: false`) or `$$$NAME` (`multi: true`).
    Hole {
        name: String,
        multi: bool,
    },
    /// `{a.b.c}`
    Symbol(String),
}

/// Split pattern or template text into literal text, holes and symbols.
/// `{x}` without a dot is left alone: it is a set literal, not a symbol.
pub fn split_holes(text: &str) -> Result<Vec<Piece>, PatternError> {
    let mut pieces = Vec::new();
    let mut lit = String::new();
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if c == '$' {
            let multi = rest.starts_with("$$$");
            let after = if multi { &rest[3..] } else { &rest[1..] };
            let len = after
                .find(|ch: char| !(ch == '_' || ch.is_alphanumeric()))
                .unwrap_or(after.len());
            let name = &after[..len];
            if !super::is_identifier(name) {
                return Err(PatternError::BadHole(after.chars().take(12).collect()));
            }
            pieces.push(Piece::Text(std::mem::take(&mut lit)));
            pieces.push(Piece::Hole {
                name: name.to_string(),
                multi,
            });
            rest = &after[len..];
            continue;
        }
        if c == '{'
            && let Some(close) = rest.find('}')
        {
            let inner = rest[1..close].trim();
            if inner.contains('.') && !inner.contains(['{', ':', ',', ' ', '"', '\'']) {
                if !super::is_dotted_path(inner) {
                    return Err(match inner.split('.').find(|p| super::is_keyword(p)) {
                        Some(k) => PatternError::KeywordInSymbol(inner.to_string(), k.to_string()),
                        None => PatternError::BadSymbol(inner.to_string()),
                    });
                }
                if let Some(read) = super::nfkc::unnormalised_path(inner) {
                    return Err(PatternError::UnnormalisedSymbol(inner.to_string(), read));
                }
                pieces.push(Piece::Text(std::mem::take(&mut lit)));
                pieces.push(Piece::Symbol(inner.to_string()));
                rest = &rest[close + 1..];
                continue;
            }
        }
        lit.push(c);
        rest = &rest[c.len_utf8()..];
    }
    pieces.push(Piece::Text(lit));
    pieces.retain(|p| !matches!(p, Piece::Text(t) if t.is_empty()));
    Ok(pieces)
}

/// Replace holes with placeholder identifiers; returns the Python text, the
/// symbols (in order) and the hole names.
fn fill_holes(text: &str) -> Result<(String, Vec<String>, Vec<String>), PatternError> {
    let mut out = String::with_capacity(text.len() + 32);
    let mut symbols: Vec<String> = Vec::new();
    let mut vars = Vec::new();
    for piece in split_holes(text)? {
        match piece {
            Piece::Text(t) => out.push_str(&t),
            Piece::Hole { name, multi } => {
                out.push_str(if multi { MULTI } else { VAR });
                out.push_str(&name);
                vars.push(name);
            }
            Piece::Symbol(s) => {
                let i = symbols.iter().position(|x| *x == s).unwrap_or_else(|| {
                    symbols.push(s);
                    symbols.len() - 1
                });
                out.push_str(&format!("{SYM}{i}"));
            }
        }
    }
    Ok((out, symbols, vars))
}

impl Pattern {
    /// The pattern's `$X` and `$$$X` holes in source order, a repeated one
    /// once per place it appears: the code a match covers evaluates what a
    /// hole captured once per place (`f($X, $X)` on `f(next(it), next(it))`
    /// runs `next` twice).
    pub fn hole_uses(&self) -> Vec<&str> {
        fn walk<'p>(node: &'p PatNode, out: &mut Vec<&'p str>) {
            match node {
                PatNode::Var(name) | PatNode::Multi(name) => out.push(name),
                PatNode::Symbol(_) => {}
                PatNode::Node { children, .. } => {
                    children.iter().for_each(|c| walk(c, out));
                }
            }
        }
        let mut out = Vec::new();
        walk(&self.root, &mut out);
        out
    }

    /// The symbol the pattern calls, when it is a call of one (`{a.f}($X)`,
    /// `await {a.f}()`).
    pub fn callee(&self) -> Option<&str> {
        let mut node = &self.root;
        loop {
            let PatNode::Node {
                kind_name,
                children,
                ..
            } = node
            else {
                return None;
            };
            match (*kind_name, children.first()) {
                ("await", Some(inner)) => node = inner,
                ("call", Some(PatNode::Symbol(s))) => return Some(s),
                _ => return None,
            }
        }
    }

    pub fn compile(text: &str) -> Result<Pattern, PatternError> {
        let (filled, symbols, vars) = fill_holes(text)?;
        let mut parser = super::parser();
        let tree = super::parse(&mut parser, &filled);
        let root = tree.root_node();
        if root.has_error() {
            return Err(PatternError::Syntax(text.to_string()));
        }
        let expr =
            single_expression(root).ok_or_else(|| PatternError::NotExpression(text.to_string()))?;
        let mut literals = Vec::new();
        let node = convert(expr, &filled, &symbols, &mut literals);
        if matches!(node, PatNode::Var(_) | PatNode::Multi(_)) {
            return Err(PatternError::OnlyHole);
        }
        Ok(Pattern {
            source: text.to_string(),
            root: node,
            symbols,
            vars,
            literals,
        })
    }

    /// Every match of the pattern in the file, in source order.
    pub fn find<'t>(&self, sem: &Semantic<'t>, root: Node<'t>) -> Vec<Match<'t>> {
        let mut out = Vec::new();
        if let PatNode::Symbol(_) = &self.root {
            // A bare symbol matches loads only, never a name in an import or a `def`.
            for r in &sem.references {
                let mut bindings = MatchBindings::new();
                if match_node(sem, &self.root, r.node, r.scope, &mut bindings) {
                    out.push(Match {
                        node: r.node,
                        parent: r.node.parent(),
                        scope: r.scope,
                        bindings,
                    });
                }
            }
            return out;
        }
        let mut cursor = root.walk();
        let want = match &self.root {
            PatNode::Node { kind, .. } => Some(*kind),
            _ => None,
        };
        // The nodes above the cursor's, innermost last.
        let mut above: Vec<Node<'t>> = Vec::new();
        loop {
            let node = cursor.node();
            let candidate = match (&self.root, want) {
                (_, Some(kind)) => node.kind_id() == kind,
                (PatNode::Symbol(_), None) => matches!(node.kind(), "identifier" | "attribute"),
                _ => false,
            };
            if candidate && quick_check(sem, &self.root, node) {
                let scope = sem.scope_at(node.start_byte());
                let mut bindings = MatchBindings::new();
                if match_node(sem, &self.root, node, scope, &mut bindings) {
                    out.push(Match {
                        node,
                        parent: above.last().copied(),
                        scope,
                        bindings,
                    });
                }
            }
            if cursor.goto_first_child() {
                above.push(node);
                continue;
            }
            loop {
                if cursor.goto_next_sibling() {
                    break;
                }
                if !cursor.goto_parent() {
                    return out;
                }
                above.pop();
            }
        }
    }
}

/// Reject most candidates before the costly scope lookup: a call pattern
/// whose callee is a symbol needs a callee that can resolve at all.
fn quick_check(sem: &Semantic, pat: &PatNode, node: Node) -> bool {
    match pat {
        PatNode::Symbol(_) => sem.may_resolve(node),
        PatNode::Node { children, .. } => match (children.first(), node.named_child(0)) {
            (Some(PatNode::Symbol(_)), Some(first)) => sem.may_resolve(first),
            _ => true,
        },
        _ => true,
    }
}

/// The one expression a parsed snippet is, if it is one: not a statement,
/// not an assignment, not several expressions (`a, b`). Patterns and fixes
/// are both held to it: a fix `x = 1` spliced into `print(get())` would
/// read `print(x = 1)`, a keyword argument.
/// Comments around it do not count (a fix's comment is checked where it lands).
pub fn single_expression(root: Node) -> Option<Node> {
    fn only<'t>(node: Node<'t>) -> Option<Node<'t>> {
        let mut cursor = node.walk();
        let mut kids = node
            .named_children(&mut cursor)
            .filter(|c| c.kind() != "comment");
        match (kids.next(), kids.next()) {
            (Some(one), None) => Some(one),
            _ => None,
        }
    }
    let stmt = only(root).filter(|s| s.kind() == "expression_statement")?;
    only(stmt).filter(|e| !matches!(e.kind(), "assignment" | "augmented_assignment"))
}

fn is_layout(kind: &str) -> bool {
    matches!(kind, "," | "(" | ")")
}

fn convert(node: Node, src: &str, symbols: &[String], literals: &mut Vec<String>) -> PatNode {
    let text = &src[node.byte_range()];
    if node.kind() == "identifier" {
        if let Some(name) = text.strip_prefix(VAR) {
            return PatNode::Var(name.to_string());
        }
        if let Some(name) = text.strip_prefix(MULTI) {
            return PatNode::Multi(name.to_string());
        }
        if let Some(i) = text.strip_prefix(SYM).and_then(|i| i.parse::<usize>().ok()) {
            return PatNode::Symbol(symbols[i].clone());
        }
        literals.push(text.to_string());
    }
    // An expression statement wrapper around a hole (`$$$A` in a list) is the hole.
    let mut cursor = node.walk();
    let mut children = Vec::new();
    let mut tokens = Vec::new();
    for child in node.children(&mut cursor) {
        if child.kind() == "comment" {
            continue;
        }
        if child.is_named() {
            children.push(convert(child, src, symbols, literals));
        } else if !is_layout(child.kind()) {
            tokens.push(child.kind_id());
        }
    }
    PatNode::Node {
        kind: node.kind_id(),
        kind_name: node.kind(),
        leaf: (node.child_count() == 0).then(|| text.to_string()),
        tokens,
        children,
    }
}

/// The tokens of the code in `range` of `sem`'s file, comments left out:
/// what a repeated hole compares. Whitespace between tokens does not count,
/// a string's text does, exactly (`" "` is not `""`).
fn tokens<'t>(sem: &Semantic<'t>, range: Range<usize>) -> Vec<(u16, &'t str)> {
    let mut out = Vec::new();
    if range.is_empty() {
        return out;
    }
    let Some(top) = sem.root.descendant_for_byte_range(range.start, range.end) else {
        return out;
    };
    // Iterative, children pushed in reverse: no recursion on input depth.
    let mut stack = vec![top];
    while let Some(n) = stack.pop() {
        if n.end_byte() <= range.start
            || n.start_byte() >= range.end
            || matches!(n.kind(), "comment" | "line_continuation")
        {
            continue;
        }
        // A string's content is one token, escapes and all (its children
        // are only the escapes: the text between them is no node's).
        let whole = matches!(n.kind(), "string_content" | "format_specifier");
        if whole || n.child_count() == 0 {
            if n.start_byte() >= range.start && n.end_byte() <= range.end {
                out.push((n.kind_id(), &sem.source[n.byte_range()]));
            }
            continue;
        }
        let mut cursor = n.walk();
        let kids: Vec<Node> = n.children(&mut cursor).collect();
        stack.extend(kids.into_iter().rev());
    }
    out
}

fn match_node(
    sem: &Semantic,
    pat: &PatNode,
    node: Node,
    scope: ScopeId,
    b: &mut MatchBindings,
) -> bool {
    match pat {
        PatNode::Symbol(sym) => {
            matches!(
                node.kind(),
                "identifier" | "attribute" | "parenthesized_expression"
            ) && sem.may_resolve(node)
                && sem
                    .resolve_all(node, sem.scope_at(node.start_byte()))
                    .iter()
                    .any(|r| r.symbol == *sym)
        }
        // `$X` as a call argument is one positional argument: `f($X)` does
        // not match `f(key=x)` or `f(*xs)` (so a fix that adds a keyword is
        // not matched again by its own pattern).
        PatNode::Var(_)
            if matches!(
                node.kind(),
                "keyword_argument" | "list_splat" | "dictionary_splat"
            ) && node.parent().is_some_and(|p| p.kind() == "argument_list") =>
        {
            false
        }
        PatNode::Var(name) | PatNode::Multi(name) => {
            bind_or_compare(sem, name, node.byte_range(), b)
        }
        PatNode::Node {
            kind,
            leaf,
            tokens,
            children,
            ..
        } => {
            // `f(x for x in y)`: the call's arguments are a bare generator,
            // which `f($X)` and `f($$$A)` take as its one argument,
            // parentheses and all (so `g(key=$X)` reads
            // `g(key=(x for x in y))`, and `g(1, $$$A)` `g(1, (x for x in
            // y))`: valid Python).
            if node.kind() == "generator_expression"
                && node.parent().is_some_and(|p| p.kind() == "call")
                && node.language().node_kind_for_id(*kind) == Some("argument_list")
                && let [PatNode::Var(name) | PatNode::Multi(name)] = children.as_slice()
            {
                return bind_or_compare(sem, name, node.byte_range(), b);
            }
            // `flag=(True)` means `flag=True`: redundant parentheses in the
            // code around what the pattern spells out.
            if node.kind() == "parenthesized_expression"
                && node.language().node_kind_for_id(*kind) != Some("parenthesized_expression")
                && node.named_child_count() == 1
                && let Some(inner) = node.named_child(0)
                && inner.kind() != "comment"
            {
                return match_node(sem, pat, inner, scope, b);
            }
            if node.kind_id() != *kind {
                return false;
            }
            if let Some(leaf) = leaf {
                return node.child_count() == 0 && sem.source[node.byte_range()] == *leaf;
            }
            let mut cursor = node.walk();
            let mut kids = Vec::new();
            let mut toks = Vec::new();
            for child in node.children(&mut cursor) {
                if child.kind() == "comment" {
                    continue;
                }
                if child.is_named() {
                    kids.push(child);
                } else if !is_layout(child.kind()) {
                    toks.push(child.kind_id());
                }
            }
            if node.kind() == "argument_list" {
                keywords_as_written(sem, children, &mut kids);
            }
            toks == *tokens && match_seq(sem, children, &kids, scope, b)
        }
    }
}

/// A call's keyword arguments in any order mean the same call: `kids`'
/// trailing keywords put in the order pattern `pats` names them, when
/// both give the same names (each once) and the pattern has no `$$$`.
/// (What the fix then does with their order, the capture checks judge:
/// each capture keeps its place in the code.)
fn keywords_as_written(sem: &Semantic, pats: &[PatNode], kids: &mut [Node]) {
    fn pat_keyword(p: &PatNode) -> Option<&str> {
        match p {
            PatNode::Node {
                kind_name: "keyword_argument",
                children,
                ..
            } => match children.first() {
                Some(PatNode::Node {
                    leaf: Some(name), ..
                }) => Some(name.as_str()),
                _ => None,
            },
            _ => None,
        }
    }
    if pats.iter().any(|p| matches!(p, PatNode::Multi(_))) || pats.len() != kids.len() {
        return;
    }
    let first = pats.iter().position(|p| pat_keyword(p).is_some());
    let Some(first) = first else { return };
    let names: Option<Vec<&str>> = pats[first..].iter().map(pat_keyword).collect();
    let Some(names) = names else { return };
    let code = &mut kids[first..];
    let name_of = |n: &Node| {
        (n.kind() == "keyword_argument")
            .then(|| n.child_by_field_name("name"))
            .flatten()
            .map(|k| sem.text(k))
    };
    let mut order = Vec::with_capacity(code.len());
    for want in &names {
        match code.iter().position(|n| name_of(n) == Some(*want)) {
            Some(i) if !order.contains(&i) => order.push(i),
            _ => return,
        }
    }
    let sorted: Vec<Node> = order.iter().map(|&i| code[i]).collect();
    code.copy_from_slice(&sorted);
}

fn bind_or_compare(sem: &Semantic, name: &str, range: Range<usize>, b: &mut MatchBindings) -> bool {
    match b.get(name) {
        Some(prev) => tokens(sem, prev.clone()) == tokens(sem, range),
        None => {
            b.insert(name.to_string(), range);
            true
        }
    }
}

fn match_seq(
    sem: &Semantic,
    pats: &[PatNode],
    nodes: &[Node],
    scope: ScopeId,
    b: &mut MatchBindings,
) -> bool {
    let Some((first, rest)) = pats.split_first() else {
        return nodes.is_empty();
    };
    if let PatNode::Multi(name) = first {
        // Try every split, shortest first; bindings roll back on failure.
        for take in 0..=nodes.len() {
            let saved = b.clone();
            let range = match (nodes.first(), take) {
                (_, 0) => {
                    let at = nodes.first().map_or(0, |n| n.start_byte());
                    at..at
                }
                (Some(n0), t) => n0.start_byte()..nodes[t - 1].end_byte(),
                (None, _) => unreachable!("take > 0 implies nodes is non-empty"),
            };
            if bind_or_compare(sem, name, range, b)
                && match_seq(sem, rest, &nodes[take..], scope, b)
            {
                return true;
            }
            *b = saved;
        }
        return false;
    }
    let Some((n0, nrest)) = nodes.split_first() else {
        return false;
    };
    let saved = b.clone();
    if match_node(sem, first, *n0, scope, b) && match_seq(sem, rest, nrest, scope, b) {
        return true;
    }
    *b = saved;
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(pattern: &str, code: &str) -> Vec<(String, Vec<(String, String)>)> {
        let p = Pattern::compile(pattern).unwrap();
        let mut parser = crate::python::parser();
        let tree = crate::python::parse(&mut parser, code);
        let sem = Semantic::build(&tree, code, "app.mod", false);
        p.find(&sem, tree.root_node())
            .into_iter()
            .map(|m| {
                let mut binds: Vec<(String, String)> = m
                    .bindings
                    .iter()
                    .map(|(k, r)| (k.clone(), code[r.clone()].to_string()))
                    .collect();
                binds.sort();
                (code[m.node.byte_range()].to_string(), binds)
            })
            .collect()
    }

    #[test]
    fn symbol_matches_through_import_forms() {
        let code = "from a.b import get\nimport a.b as ab\nimport a.b\nget()\nab.get()\na.b.get()\nother.get()\n";
        let got = matches("{a.b.get}()", code);
        let texts: Vec<&str> = got.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(texts, ["get()", "ab.get()", "a.b.get()"]);
    }

    #[test]
    fn single_and_multi_holes_bind() {
        let code = "from m.x import W\nW(ctx)\nW(a, b)\nW()\n";
        let got = matches("{m.x.W}($CTX)", code);
        assert_eq!(
            got,
            vec![("W(ctx)".to_string(), vec![("CTX".into(), "ctx".into())])]
        );
        // One positional argument only: not a keyword or a splat.
        assert!(
            matches(
                "{m.x.W}($CTX)",
                "from m.x import W\nW(user_context=c)\nW(*a)\nW(**k)\n"
            )
            .is_empty()
        );
        let got = matches("{m.x.W}($$$ARGS)", code);
        assert_eq!(got.len(), 3);
        assert_eq!(got[1].1, vec![("ARGS".into(), "a, b".into())]);
        assert_eq!(got[2].1, vec![("ARGS".into(), "".into())]);
    }

    #[test]
    fn repeated_hole_must_bind_equal_text() {
        let code = "f(a, a)\nf(a, b)\n";
        let got = matches("f($X, $X)", code);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].0, "f(a, a)");
    }

    #[test]
    fn operators_and_keywords_must_match() {
        let code = "x + 1\nx - 1\n";
        assert_eq!(matches("$A + 1", code).len(), 1);
        let code = "f(user_context=c)\nf(other=c)\n";
        assert_eq!(matches("f(user_context=$C)", code).len(), 1);
    }

    #[test]
    fn shadowed_symbol_does_not_match() {
        let code = "from a.b import get\ndef f(get):\n    return get()\n";
        assert!(matches("{a.b.get}()", code).is_empty());
    }

    #[test]
    fn compile_errors() {
        assert_eq!(
            Pattern::compile("f(").unwrap_err(),
            PatternError::Syntax("f(".into())
        );
        assert!(matches!(
            Pattern::compile("$X"),
            Err(PatternError::OnlyHole)
        ));
        assert!(matches!(
            Pattern::compile("{a..b}()"),
            Err(PatternError::BadSymbol(_))
        ));
        assert!(matches!(
            Pattern::compile("$1x()"),
            Err(PatternError::BadHole(_))
        ));
        assert!(matches!(
            Pattern::compile("x = 1"),
            Err(PatternError::NotExpression(_))
        ));
        // A set literal is not a symbol hole.
        let p = Pattern::compile("f({x})").unwrap();
        assert!(p.symbols.is_empty());
    }
}
