//! Import paths a file computes rather than spells: `patch(TARGET + ".C")`,
//! `patch(f"{TARGET}.C")`, `patch("%s.C" % TARGET)`,
//! `patch("{}.C".format(TARGET))`, where `TARGET` is a module-level name
//! bound once, to a string literal (or to another such expression). The
//! value is folded as Python would compute it; anything else (a call, a
//! name bound twice or rebound through `global`, a `\N{…}` not naming an
//! ASCII letter, digit, `.`, `_`, `:` or `-`, a format spec) folds to
//! nothing. A literal spelt with escapes (`"pkg.\x6dod.f"`) is
//! folded too: its value is not its text. This only reads; what to do about a
//! computed path is the analysis' and the rewrite's business.

use tree_sitter::Node;

use super::BindingKind;
use super::Semantic;
use super::semantic::outside_parens;
use super::strings::{argument, callee_spellings, is_patch_callee, is_path_callee, string_value};

/// How many names deep a fold follows (`A = "a"; B = A + ".b"`).
const DEPTH: usize = 6;

/// The first arguments (or `target=`) of calls to an import-path API
/// (`patch`, `monkeypatch.setattr`, `import_module`, …, see
/// [`super::is_import_path_arg`]) that are not string literals but fold to
/// a dotted path, with that path. A name bound to a literal
/// (`patch(TARGET)`) is not one: the literal itself is the path string.
pub fn computed_paths<'t>(sem: &Semantic<'t>) -> Vec<(Node<'t>, String)> {
    let mut out: Vec<(Node<'t>, String)> = Vec::new();
    for (callee, arg) in first_arguments(sem) {
        if read_as_literal(sem, arg) || literal_name(sem, arg) {
            continue;
        }
        let spellings = callee_spellings(sem, callee);
        if !spellings.iter().any(|n| is_path_callee(n)) {
            continue;
        }
        if let Some(value) = fold(sem, arg, 0)
            && super::is_dotted_path(&value)
        {
            out.push((arg, value));
        }
    }
    out
}

/// The first arguments (or `target=`) of patches (see
/// [`super::strings::is_patch_callee`]) that are built from something
/// canon cannot read (`patch(prefix + ".f")` with `prefix` a parameter,
/// `patch(f"{mod}.f")`), with the dotted tail they spell (`.f`): the path
/// is unknown, its last names are not.
pub fn unread_paths<'t>(sem: &Semantic<'t>) -> Vec<(Node<'t>, String)> {
    let mut out: Vec<(Node<'t>, String)> = Vec::new();
    for (callee, arg) in first_arguments(sem) {
        let Some(tail) = literal_tail(sem, arg) else {
            continue;
        };
        if !callee_spellings(sem, callee)
            .iter()
            .any(|n| is_patch_callee(n))
            || fold(sem, arg, 0).is_some()
        {
            continue;
        }
        out.push((arg, tail));
    }
    out
}

/// The first arguments (or `target=`) of patches that canon cannot read at
/// all: no literal, no constant it folds, no literal tail
/// (`patch(TARGETS[0])`, `patch(".".join(parts))`). The path could be any
/// path the file spells in a string.
pub fn opaque_patches<'t>(sem: &Semantic<'t>) -> Vec<Node<'t>> {
    first_arguments(sem)
        .into_iter()
        .filter(|&(callee, arg)| {
            !read_as_literal(sem, arg)
                && !literal_name(sem, arg)
                && fold(sem, arg, 0).is_none()
                && literal_tail(sem, arg).is_none()
                && callee_spellings(sem, callee)
                    .iter()
                    .any(|n| is_patch_callee(n) && !object_form(sem, n, callee))
        })
        .map(|(_, arg)| arg)
        .collect()
}

/// Whether the call of `callee` (spelt `names`) is pytest's object form
/// of `setattr`/`delattr` (`monkeypatch.setattr(module, "name", value)`,
/// `monkeypatch.delattr(module, "name")`, `name=` given): its first
/// argument is the object patched, not a path (the patch through the
/// module object is read as such, see [`super::attribute_object`]).
fn object_form(sem: &Semantic, names: &[String], callee: Node) -> bool {
    let Some(call) = sem.call_of(callee) else {
        return false;
    };
    let at = match names.last().map(String::as_str) {
        Some("setattr") => 2,
        Some("delattr") => 1,
        _ => return false,
    };
    let given = |index: usize, keyword: &str| argument(sem.source, call, index, keyword).is_some();
    // `setattr(module, "name", value=v)`: the value by keyword.
    let value_by_keyword = at == 2 && given(1, "") && given(usize::MAX, "value");
    given(at, "") || given(usize::MAX, "name") || value_by_keyword
}

/// The patch functions the file hands on as values rather than calls
/// (`partial(mock.patch, "a.b.f")`, `use(mock.patch, …)`, `[patch]`,
/// `self.p = patch`): the call that patches, and its target, are out of
/// sight. A name bound to one by a plain assignment (`p = mock.patch`) is
/// not one: its calls are read through the assignment (see
/// [`callee_spellings`]), and its own uses as values are found here.
pub fn patches_as_values<'t>(sem: &Semantic<'t>) -> Vec<Node<'t>> {
    if !["patch", "setattr", "delattr"]
        .iter()
        .any(|w| sem.source.contains(w))
    {
        return Vec::new();
    }
    let mut out = Vec::new();
    for r in &sem.references {
        let node = r.node;
        let (at, parent) = outside_parens(node);
        let continued = parent.is_some_and(|p| match p.kind() {
            // `mock.patch.object`, `mock.patch(…)`: the chain goes on.
            "attribute" => p.child_by_field_name("object") == Some(node),
            "call" => p.child_by_field_name("function") == Some(at),
            "assignment" => {
                p.child_by_field_name("right") == Some(at)
                    && p.child_by_field_name("left")
                        .is_some_and(|l| l.kind() == "identifier")
            }
            _ => false,
        });
        if continued || !matches!(node.kind(), "identifier" | "attribute") {
            continue;
        }
        let patching = callee_spellings(sem, node).iter().any(|n| {
            is_patch_callee(n) || super::strings::ends_in(n, &["patch.object", "patch.multiple"])
        });
        if patching {
            out.push(node);
        }
    }
    out
}

/// Whether `name` is a word (a run of letters, digits and `_`) of a string
/// of the file other than a docstring, as spelt or as its value where
/// canon folds it (`"\x68elper"` spells `helper`): a patch canon cannot
/// read may build its target from it (`".".join(["old", "mod", "f"])`).
pub fn spelled_in_strings(sem: &Semantic, name: &str) -> bool {
    let has = |text: &str| {
        text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .any(|w| w == name)
    };
    sem.strings
        .iter()
        .filter(|s| !s.docstring)
        .any(|s| has(sem.text(s.node)) || fold(sem, s.node, 0).is_some_and(|v| has(&v)))
}

/// Each call's callee and its first argument (or `target=`), parentheses
/// stripped, once per argument (a callee `a.b` is two references).
fn first_arguments<'t>(sem: &Semantic<'t>) -> Vec<(Node<'t>, Node<'t>)> {
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for r in &sem.references {
        let Some(call) = sem.call_of(r.node) else {
            continue;
        };
        let Some(arg) = argument(sem.source, call, 0, "target") else {
            continue;
        };
        let arg = strip_parens(arg);
        if seen.insert(arg.id()) {
            out.push((r.node, arg));
        }
    }
    out
}

/// The `.a.b` a built string ends with: the literal right of a `+`, the
/// text after an f-string's last interpolation.
fn literal_tail(sem: &Semantic, node: Node) -> Option<String> {
    let text = match node.kind() {
        "binary_operator" => {
            let op = node.child_by_field_name("operator")?;
            let right = strip_parens(node.child_by_field_name("right")?);
            if sem.text(op) != "+" || right.kind() != "string" {
                return None;
            }
            super::string_value(sem.source, right)?.1
        }
        "string" if super::string_value(sem.source, node).is_none() => {
            let end = node.child(node.child_count().checked_sub(1)?)?;
            let last = end
                .prev_sibling()
                .filter(|c| c.kind() == "string_content")?;
            last.prev_sibling()
                .filter(|c| c.kind() == "interpolation")?;
            sem.text(last).to_string()
        }
        _ => return None,
    };
    let name = text.strip_prefix('.')?;
    (!name.contains(['{', '}', '\\']) && super::is_dotted_path(name)).then_some(text)
}

fn strip_parens(mut node: Node) -> Node {
    while node.kind() == "parenthesized_expression" && node.named_child_count() == 1 {
        match node.named_child(0) {
            Some(inner) => node = inner,
            None => break,
        }
    }
    node
}

/// Whether `node` is a name whose constant is a plain literal: the
/// literal is already read as the path (see [`super::is_path_string`]).
fn literal_name(sem: &Semantic, node: Node) -> bool {
    node.kind() == "identifier"
        && constant_value(sem, node).is_some_and(|v| read_as_literal(sem, v))
}

/// Whether a string literal is read where it stands, as the path its text
/// spells: one with no escape sequence (and an implicit concatenation with
/// an interpolation or a comment between its parts). A literal spelt with
/// escapes (`"pkg.mod.\x68elper"`) is folded instead: its value is what
/// Python computes, which its text does not spell.
fn read_as_literal(sem: &Semantic, node: Node) -> bool {
    // An escape canon cannot decode (`\N{…}` of a name it has no table
    // for) leaves the value unknown: not the text, and not read.
    let escaped = || {
        string_value(sem.source, node)
            .is_some_and(|(_, raw)| fold(sem, node, 0).is_none_or(|value| value != raw))
    };
    match node.kind() {
        "string" => string_value(sem.source, node).is_some() && !escaped(),
        "concatenated_string" => super::strings::has_inner_comment(node) || !escaped(),
        _ => false,
    }
}

/// The value expression of the module-level assignment a name loads,
/// when that is the name's only binding in the file and no function
/// declares it `global` (which could rebind it).
fn constant_value<'t>(sem: &Semantic<'t>, name: Node<'t>) -> Option<Node<'t>> {
    let text = sem.text(name);
    let pos = name.start_byte();
    let bindings = sem.lookup_all(text, sem.scope_at(pos), pos);
    let [binding] = bindings.as_slice() else {
        return None;
    };
    let module = sem.scopes.first()?.bindings.get(text)?;
    if module.len() != 1
        || module[0].pos != binding.pos
        || binding.kind != BindingKind::Local
        || sem
            .scopes
            .iter()
            .any(|s| s.globals.iter().any(|g| g == text))
    {
        return None;
    }
    let mut root = name;
    while let Some(p) = root.parent() {
        root = p;
    }
    let target = root.descendant_for_byte_range(binding.pos, binding.pos + text.len())?;
    let assignment = target.parent().filter(|a| a.kind() == "assignment")?;
    let statement = assignment
        .parent()
        .filter(|s| s.kind() == "expression_statement")?;
    if target.kind() != "identifier"
        || sem.text(target) != text
        || assignment.child_by_field_name("left") != Some(target)
        || statement.parent().map(|p| p.kind()) != Some("module")
    {
        return None;
    }
    assignment.child_by_field_name("right")
}

/// The string value of `node` as Python computes it, when it is built
/// from literals and constants only.
fn fold(sem: &Semantic, node: Node, depth: usize) -> Option<String> {
    if depth > DEPTH {
        return None;
    }
    match node.kind() {
        // Parentheses strip_parens cannot open (a comment inside, or
        // more than one child) fold to nothing: asked again, the same
        // node recursed without end (a fuzz find).
        "parenthesized_expression" => match strip_parens(node) {
            inner if inner == node => None,
            inner => fold(sem, inner, depth),
        },
        "identifier" => fold(sem, constant_value(sem, node)?, depth + 1),
        "string" => fold_string(sem, node, depth),
        "concatenated_string" => {
            let mut out = String::new();
            let mut cursor = node.walk();
            for part in node.named_children(&mut cursor) {
                if part.kind() != "comment" {
                    out.push_str(&fold(sem, part, depth)?);
                }
            }
            Some(out)
        }
        "binary_operator" => {
            let op = node.child_by_field_name("operator")?;
            let left = node.child_by_field_name("left")?;
            let right = node.child_by_field_name("right")?;
            match sem.text(op) {
                "+" => Some(fold(sem, left, depth)? + &fold(sem, right, depth)?),
                "%" => {
                    let template = fold(sem, left, depth)?;
                    let right = strip_parens(right);
                    let values: Vec<String> = if right.kind() == "tuple" {
                        let mut cursor = right.walk();
                        right
                            .named_children(&mut cursor)
                            .filter(|c| c.kind() != "comment")
                            .map(|c| fold(sem, c, depth))
                            .collect::<Option<_>>()?
                    } else {
                        vec![fold(sem, right, depth)?]
                    };
                    percent(&template, &values)
                }
                _ => None,
            }
        }
        "call" => {
            // `"{}.C".format(TARGET)`
            let function = node.child_by_field_name("function")?;
            let object = function
                .child_by_field_name("object")
                .filter(|_| function.kind() == "attribute")?;
            if sem.text(function.child_by_field_name("attribute")?) != "format" {
                return None;
            }
            let template = fold(sem, object, depth)?;
            let args = node.child_by_field_name("arguments")?;
            let mut cursor = args.walk();
            let values: Vec<String> = args
                .named_children(&mut cursor)
                .filter(|c| c.kind() != "comment")
                .map(|c| match c.kind() {
                    "keyword_argument" | "list_splat" | "dictionary_splat" => None,
                    _ => fold(sem, c, depth),
                })
                .collect::<Option<_>>()?;
            format(&template, &values)
        }
        _ => None,
    }
}

/// A plain or f-string's value; `None` for bytes, escapes, and
/// interpolations with a conversion, a format spec or `=`.
fn fold_string(sem: &Semantic, node: Node, depth: usize) -> Option<String> {
    let prefix = sem.text(node.child(0)?).to_ascii_lowercase();
    if prefix.contains('b') {
        return None;
    }
    let mut out = String::new();
    let mut cursor = node.walk();
    for child in node.children(&mut cursor) {
        match child.kind() {
            "string_start" | "string_end" => {}
            "string_content" => {
                let text = sem.text(child);
                // `{{` in an f-string is one brace: not worth folding.
                let braces = prefix.contains('f') && text.contains(['{', '}']);
                if braces {
                    return None;
                }
                if prefix.contains('r') || !text.contains('\\') {
                    out.push_str(text);
                } else {
                    out.push_str(&unescape(text)?);
                }
            }
            "interpolation" => {
                let mut inner = child.walk();
                let named: Vec<Node> = child
                    .named_children(&mut inner)
                    .filter(|c| c.kind() != "comment")
                    .collect();
                let [expr] = named.as_slice() else {
                    return None;
                };
                if sem
                    .text(child)
                    .trim_end_matches('}')
                    .trim_end()
                    .ends_with('=')
                {
                    return None;
                }
                out.push_str(&fold(sem, *expr, depth)?);
            }
            _ => return None,
        }
    }
    Some(out)
}

/// A (non-raw, text) string literal's content as Python decodes it:
/// `\xhh`, `\uhhhh`, `\Uhhhhhhhh`, octal, the one-letter escapes and a
/// backslash before a line end, and `\N{…}` for the names of the ASCII
/// characters an import path is spelt with (see [`ascii_named`]); `None`
/// for any other `\N{…}` (canon has no table of all character names) and
/// a code point that is no character.
fn unescape(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let Some(e) = chars.next() else {
            out.push('\\');
            break;
        };
        let mut hex = |n: usize| -> Option<char> {
            let digits: String = (0..n).map_while(|_| chars.next()).collect();
            if digits.len() != n || !digits.chars().all(|d| d.is_ascii_hexdigit()) {
                return None;
            }
            char::from_u32(u32::from_str_radix(&digits, 16).ok()?)
        };
        match e {
            '\n' => {}
            '\r' => {
                chars.next_if_eq(&'\n');
            }
            '\\' | '\'' | '"' => out.push(e),
            'a' => out.push('\u{7}'),
            'b' => out.push('\u{8}'),
            'f' => out.push('\u{c}'),
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            't' => out.push('\t'),
            'v' => out.push('\u{b}'),
            'x' => out.push(hex(2)?),
            'u' => out.push(hex(4)?),
            'U' => out.push(hex(8)?),
            '0'..='7' => {
                let mut value = e.to_digit(8)?;
                for _ in 0..2 {
                    match chars.peek().and_then(|d| d.to_digit(8)) {
                        Some(d) => {
                            value = value * 8 + d;
                            chars.next();
                        }
                        None => break,
                    }
                }
                out.push(char::from_u32(value)?);
            }
            'N' => {
                if chars.next() != Some('{') {
                    return None;
                }
                let name: String = chars.by_ref().take_while(|&c| c != '}').collect();
                out.push(ascii_named(&name)?);
            }
            // An unknown escape is kept as written (with a warning).
            _ => {
                out.push('\\');
                out.push(e);
            }
        }
    }
    Some(out)
}

/// The character a `\N{…}` escape names, for the ASCII letters, digits,
/// `.`, `_`, `:` and `-` (names as Python reads them, in any case);
/// `None` for any other name.
fn ascii_named(name: &str) -> Option<char> {
    let name = name.to_ascii_uppercase();
    const DIGITS: [&str; 10] = [
        "ZERO", "ONE", "TWO", "THREE", "FOUR", "FIVE", "SIX", "SEVEN", "EIGHT", "NINE",
    ];
    let letter = |rest: &str| {
        let mut c = rest.chars();
        match (c.next(), c.next()) {
            (Some(l), None) if l.is_ascii_uppercase() => Some(l),
            _ => None,
        }
    };
    match name.as_str() {
        "FULL STOP" => Some('.'),
        "LOW LINE" => Some('_'),
        "COLON" => Some(':'),
        "HYPHEN-MINUS" => Some('-'),
        _ => {
            if let Some(d) = name.strip_prefix("DIGIT ") {
                let i = DIGITS.iter().position(|n| *n == d)?;
                return char::from_digit(i as u32, 10);
            }
            if let Some(rest) = name.strip_prefix("LATIN CAPITAL LETTER ") {
                return letter(rest);
            }
            letter(name.strip_prefix("LATIN SMALL LETTER ")?).map(|l| l.to_ascii_lowercase())
        }
    }
}

/// `template % values` for `%s` and `%%` only.
fn percent(template: &str, values: &[String]) -> Option<String> {
    let mut out = String::new();
    let mut next = values.iter();
    let mut chars = template.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        match chars.next()? {
            '%' => out.push('%'),
            's' => out.push_str(next.next()?),
            _ => return None,
        }
    }
    next.next().is_none().then_some(out)
}

/// `template.format(*values)` for `{}` and `{N}` only.
fn format(template: &str, values: &[String]) -> Option<String> {
    let mut out = String::new();
    let mut auto = 0;
    let mut rest = template;
    while let Some(at) = rest.find(['{', '}']) {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        if let Some(t) = tail.strip_prefix("{{") {
            out.push('{');
            rest = t;
        } else if let Some(t) = tail.strip_prefix("}}") {
            out.push('}');
            rest = t;
        } else if tail.starts_with('{') {
            let close = tail.find('}')?;
            let field = &tail[1..close];
            let index = if field.is_empty() {
                auto += 1;
                auto - 1
            } else {
                field.parse::<usize>().ok()?
            };
            out.push_str(values.get(index)?);
            rest = &tail[close + 1..];
        } else {
            return None;
        }
    }
    out.push_str(rest);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn computed(src: &str) -> Vec<(String, String)> {
        let tree = super::super::parse(&mut super::super::parser(), src);
        let sem = Semantic::build(&tree, src, "t", false);
        computed_paths(&sem)
            .into_iter()
            .map(|(n, v)| (sem.text(n).to_string(), v))
            .collect()
    }

    #[test]
    fn folds_constants_into_patch_targets() {
        let src = "from unittest import mock\nT = \"old.mod\"\nU = T + \".C\"\n\
                   mock.patch(T + \".C\")\nmock.patch(f\"{T}.C\")\nmock.patch(\"%s.C\" % T)\n\
                   mock.patch(\"{}.C\".format(T))\nmock.patch(U)\nmock.patch(T)\n";
        let got: Vec<String> = computed(src).into_iter().map(|(_, v)| v).collect();
        assert_eq!(got, vec!["old.mod.C"; 5]);
    }

    #[test]
    fn decodes_the_named_escapes_of_path_characters_only() {
        assert_eq!(
            unescape(r"old\N{FULL STOP}mod.\N{latin small letter h}elper\N{DIGIT TWO}").as_deref(),
            Some("old.mod.helper2")
        );
        assert_eq!(
            unescape(r"a\N{LOW LINE}\N{LATIN CAPITAL LETTER B}").as_deref(),
            Some("a_B")
        );
        // Names canon has no table for, and names that are no letter.
        assert_eq!(unescape(r"old.mod\N{ZERO WIDTH SPACE}"), None);
        assert_eq!(unescape(r"\N{LATIN SMALL LETTER AB}"), None);
        assert_eq!(unescape(r"\N{DIGIT TEN}"), None);
    }

    #[test]
    fn does_not_fold_what_may_change() {
        // Bound twice, rebound through `global`, shadowed by a parameter,
        // a format spec, a call.
        let src = "from unittest import mock\nT = \"old.mod\"\nT = \"x\"\nG = \"old.mod\"\n\
                   def f():\n    global G\n    G = 'y'\ndef g(G=None):\n    mock.patch(G + '.C')\n\
                   mock.patch(T + \".C\")\nmock.patch(G + \".C\")\nmock.patch(f\"{'old.mod':>3}.C\")\n\
                   mock.patch(str(1) + \".C\")\n";
        assert!(computed(src).is_empty(), "{:?}", computed(src));
    }
}
