//! Identifiers as Python reads them: NFKC-normalised (PEP 3131), so
//! `ｈelper` (fullwidth h) is `helper`, while canon compares names as
//! written.
//!
//! canon has no Unicode normalisation tables. It knows the characters that
//! are their own NFKC form in the common letter blocks (Latin, Greek,
//! Cyrillic, Armenian, Hebrew, Arabic, kana, CJK, Hangul), and the exact
//! NFKC form of a few that are not (fullwidth and mathematical ASCII
//! letters and digits, the Latin ligatures, `ſ`, `ª`, `º`, `µ`, and the
//! Kelvin, Ångström and Ohm signs). A file whose identifiers use only
//! those is read with them normalised ([`Names::Folded`]); any other
//! non-ASCII character in an identifier (a combining mark, another
//! compatibility character) is one canon cannot read ([`Names::Unknown`]).
//! Strings and comments are data: never normalised. No I/O.

use std::ops::Range;

use tree_sitter::Tree;

/// How a file's identifiers read once normalised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Names {
    /// Every identifier is its own NFKC form.
    AsWritten,
    /// Some are not, and canon knows their NFKC forms.
    Folded(Folded),
    /// An identifier whose NFKC form canon does not know (as written).
    Unknown(String),
}

/// The source with its identifiers normalised, and the way back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Folded {
    pub text: String,
    /// Each identifier changed: its range in the source, and in `text`.
    spans: Vec<(Range<usize>, Range<usize>)>,
    /// The first one, as written and as Python reads it.
    pub example: (String, String),
}

impl Folded {
    /// A position in `text` → the position in the source.
    pub fn back(&self, pos: usize) -> usize {
        let i = self.spans.partition_point(|(_, f)| f.end <= pos);
        // Inside a changed name: its start (a character of it may be
        // several bytes, or several characters one).
        if let Some((o, f)) = self.spans.get(i)
            && f.start < pos
        {
            return o.start;
        }
        match i.checked_sub(1) {
            Some(j) => pos - self.spans[j].1.end + self.spans[j].0.end,
            None => pos,
        }
    }

    /// The note for a fix refused because of this file's spelling.
    pub fn reason(&self) -> String {
        spelling_reason(&self.example.0, Some(&self.example.1))
    }
}

/// Why no fix is proposed in a file that spells `name` in a form Python
/// normalises (to `nfkc` when canon knows it).
pub fn spelling_reason(name: &str, nfkc: Option<&str>) -> String {
    match nfkc {
        Some(n) => format!(
            "the file spells `{name}`, which Python reads as `{n}` (NFKC, PEP 3131): canon finds its uses but edits names only as written, so it proposes no fix here"
        ),
        None => format!(
            "the file spells `{name}`, which Python may read otherwise (NFKC, PEP 3131), in a form canon cannot normalise: it proposes no fix here"
        ),
    }
}

/// Whether `source` may have an identifier that is not its own NFKC form
/// (a character outside ASCII and the known-stable blocks): only then is
/// [`names`] worth a walk.
pub fn suspect(source: &str) -> bool {
    !source.is_ascii() && source.chars().any(|c| !matches!(fold(c), Fold::Same))
}

/// [`suspect`] for a file's bytes (false when they are not UTF-8).
pub fn suspect_bytes(bytes: &[u8]) -> bool {
    !bytes.is_ascii() && std::str::from_utf8(bytes).is_ok_and(suspect)
}

/// `text` with every character canon can normalise normalised (strings
/// and comments too: for a literal search, not for analysis); `None` when
/// some character's NFKC form is unknown to canon.
pub fn fold_text(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match fold(c) {
            Fold::Same => out.push(c),
            Fold::To(s) => out.push_str(&s),
            Fold::Unknown => return None,
        }
    }
    Some(out)
}

/// A dotted path from the rules (`new.mod.ﬁx`) as Python reads it
/// (`new.mod.fix`), when canon knows that form and it differs: a rule must
/// spell names as Python reads them, since canon compares and writes names
/// as written. `None` when the path is its own form (or canon cannot tell).
pub fn unnormalised_path(path: &str) -> Option<String> {
    if path.is_ascii() {
        return None;
    }
    fold_text(path).filter(|folded| folded != path)
}

/// How the identifiers of a parsed file read once normalised.
pub fn names(tree: &Tree, source: &str) -> Names {
    if !suspect(source) {
        return Names::AsWritten;
    }
    let mut changed: Vec<(Range<usize>, String)> = Vec::new();
    let mut unknown = None;
    super::preorder(tree.root_node(), |node| {
        if unknown.is_some() {
            return false;
        }
        if node.kind() != "identifier" {
            return true;
        }
        let name = &source[node.byte_range()];
        if name.is_ascii() {
            return false;
        }
        let mut out = String::with_capacity(name.len());
        for c in name.chars() {
            match fold(c) {
                Fold::Same => out.push(c),
                Fold::To(s) => out.push_str(&s),
                Fold::Unknown => {
                    unknown = Some(name.to_string());
                    return false;
                }
            }
        }
        if out != name {
            changed.push((node.byte_range(), out));
        }
        false
    });
    if let Some(name) = unknown {
        return Names::Unknown(name);
    }
    let Some((first, nfkc)) = changed.first() else {
        return Names::AsWritten;
    };
    let example = (source[first.clone()].to_string(), nfkc.clone());
    let mut text = String::with_capacity(source.len());
    let mut spans = Vec::with_capacity(changed.len());
    let mut at = 0;
    for (range, nfkc) in &changed {
        text.push_str(&source[at..range.start]);
        let start = text.len();
        text.push_str(nfkc);
        spans.push((range.clone(), start..text.len()));
        at = range.end;
    }
    text.push_str(&source[at..]);
    Names::Folded(Folded {
        text,
        spans,
        example,
    })
}

enum Fold {
    Same,
    To(String),
    Unknown,
}

/// Mathematical alphanumeric code points with no character (their letters
/// live in the Letterlike Symbols block).
const MATH_HOLES: [u32; 24] = [
    0x1D455, 0x1D49D, 0x1D4A0, 0x1D4A1, 0x1D4A3, 0x1D4A4, 0x1D4A7, 0x1D4A8, 0x1D4AD, 0x1D4BA,
    0x1D4BC, 0x1D4C4, 0x1D506, 0x1D50B, 0x1D50C, 0x1D515, 0x1D51D, 0x1D53A, 0x1D53F, 0x1D545,
    0x1D547, 0x1D548, 0x1D549, 0x1D551,
];

/// One character's NFKC form, where canon knows it (checked against
/// Python's `unicodedata` 14.0).
fn fold(c: char) -> Fold {
    const LETTERS: &[u8; 52] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    let u = c as u32;
    let ascii = |b: u8| Fold::To((b as char).to_string());
    match u {
        0..=0x7F => Fold::Same,
        // Fullwidth digits, letters and low line.
        0xFF10..=0xFF19 => ascii((u - 0xFF10) as u8 + b'0'),
        0xFF21..=0xFF3A => ascii((u - 0xFF21) as u8 + b'A'),
        0xFF41..=0xFF5A => ascii((u - 0xFF41) as u8 + b'a'),
        0xFF3F => ascii(b'_'),
        // Thirteen mathematical alphabets of 52 letters, five of 10 digits.
        0x1D400..=0x1D6A3 if !MATH_HOLES.contains(&u) => {
            ascii(LETTERS[((u - 0x1D400) % 52) as usize])
        }
        0x1D7CE..=0x1D7FF => ascii(((u - 0x1D7CE) % 10) as u8 + b'0'),
        0xFB00..=0xFB06 => {
            let s = ["ff", "fi", "fl", "ffi", "ffl", "st", "st"][(u - 0xFB00) as usize];
            Fold::To(s.to_string())
        }
        0x17F => ascii(b's'),
        0xAA => ascii(b'a'),
        0xBA => ascii(b'o'),
        0xB5 => Fold::To("\u{3bc}".to_string()),
        0x212A => ascii(b'K'),
        0x212B => Fold::To("\u{c5}".to_string()),
        0x2126 => Fold::To("\u{3a9}".to_string()),
        // Their own NFKC form: precomposed letters of the common blocks.
        0x132 | 0x133 | 0x13F | 0x140 | 0x149 | 0x1C4..=0x1CC | 0x1F1..=0x1F3 => Fold::Unknown,
        0xC0..=0xD6
        | 0xD8..=0xF6
        | 0xF8..=0x17E
        | 0x180..=0x2AF
        | 0x386
        | 0x388..=0x38A
        | 0x38C
        | 0x38E..=0x3CE
        | 0x400..=0x482
        | 0x48A..=0x52F
        | 0x531..=0x556
        | 0x561..=0x586
        | 0x5D0..=0x5EA
        | 0x620..=0x64A
        | 0x1E00..=0x1E99
        | 0x1E9C..=0x1EFF
        | 0x3041..=0x3096
        | 0x30A1..=0x30FA
        | 0x4E00..=0x9FFF
        | 0xAC00..=0xD7A3 => Fold::Same,
        _ => Fold::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names_of(source: &str) -> Names {
        let mut parser = crate::python::parser();
        names(&crate::python::parse(&mut parser, source), source)
    }

    #[test]
    fn fullwidth_and_ligature_identifiers_fold_and_map_back() {
        let source = "from old.m import \u{ff48}elper\nx = \"\u{ff48}\" + \u{fb01}le\n";
        let Names::Folded(f) = names_of(source) else {
            panic!("{:?}", names_of(source));
        };
        assert_eq!(
            f.text,
            "from old.m import helper\nx = \"\u{ff48}\" + file\n"
        );
        assert_eq!(
            f.example,
            ("\u{ff48}elper".to_string(), "helper".to_string())
        );
        let at = |s: &str, t: &str| (source.find(s).unwrap(), f.text.find(t).unwrap());
        // Before, inside and after the changed names.
        assert_eq!(f.back(5), 5);
        let (o, n) = at("\u{ff48}elper", "helper");
        assert_eq!(f.back(n), o);
        assert_eq!(f.back(n + 1), o);
        assert_eq!(f.back(n + 6), o + "\u{ff48}elper".len());
        let (o, n) = at(" + ", " + ");
        assert_eq!(f.back(n), o);
        assert_eq!(f.back(f.text.len()), source.len());
    }

    #[test]
    fn stable_and_unknown_spellings() {
        assert_eq!(
            names_of("caf\u{e9} = \u{3bb} = 1  # \u{ff48}\n"),
            Names::AsWritten
        );
        assert_eq!(names_of("s = \"\u{ff48}\"\n"), Names::AsWritten);
        // A decomposed é: NFC composes it, canon cannot say to what.
        assert_eq!(
            names_of("cafe\u{301} = 1\n"),
            Names::Unknown("cafe\u{301}".to_string())
        );
    }
}
