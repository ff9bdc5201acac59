//! PEP 263 source encodings: the encoding a Python file declares on its
//! first or second line (`# -*- coding: latin-1 -*-`, `# vim: set
//! fileencoding=cp1252 :`), its bytes decoded into text as Python decodes
//! them, and a text encoded back into the encoding it declares.
//!
//! canon reads UTF-8 (the default), ASCII, latin-1, cp1252 and
//! iso-8859-15: single-byte tables are a few lines each, so no encoding
//! crate. A file that declares any other encoding is refused by name; so
//! is one with a UTF-8 BOM that declares another encoding (Python refuses
//! it too). Every byte of a file these decode maps back to itself, so the
//! bytes outside an edit are the file's own. No I/O here.

use std::borrow::Cow;

/// An encoding canon reads and writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Codec {
    Utf8,
    Ascii,
    Latin1,
    Cp1252,
    Latin9,
}

/// cp1252's 0x80..=0x9F (`\0`: undefined, as Python has them).
const CP1252: [char; 32] = [
    '\u{20ac}', '\0', '\u{201a}', '\u{192}', '\u{201e}', '\u{2026}', '\u{2020}', '\u{2021}',
    '\u{2c6}', '\u{2030}', '\u{160}', '\u{2039}', '\u{152}', '\0', '\u{17d}', '\0', '\0',
    '\u{2018}', '\u{2019}', '\u{201c}', '\u{201d}', '\u{2022}', '\u{2013}', '\u{2014}', '\u{2dc}',
    '\u{2122}', '\u{161}', '\u{203a}', '\u{153}', '\0', '\u{17e}', '\u{178}',
];

/// Where iso-8859-15 differs from latin-1.
const LATIN9: [(u8, char); 8] = [
    (0xa4, '\u{20ac}'),
    (0xa6, '\u{160}'),
    (0xa8, '\u{161}'),
    (0xb4, '\u{17d}'),
    (0xb8, '\u{17e}'),
    (0xbc, '\u{152}'),
    (0xbd, '\u{153}'),
    (0xbe, '\u{178}'),
];

impl Codec {
    pub fn name(self) -> &'static str {
        match self {
            Codec::Utf8 => "utf-8",
            Codec::Ascii => "ascii",
            Codec::Latin1 => "latin-1",
            Codec::Cp1252 => "cp1252",
            Codec::Latin9 => "iso-8859-15",
        }
    }

    /// The character of byte `b` (one-byte codecs only).
    fn char_of(self, b: u8) -> Option<char> {
        match self {
            _ if b < 0x80 => Some(char::from(b)),
            Codec::Latin1 => Some(char::from(b)),
            Codec::Cp1252 if b < 0xa0 => Some(CP1252[usize::from(b - 0x80)]).filter(|c| *c != '\0'),
            Codec::Cp1252 => Some(char::from(b)),
            Codec::Latin9 => Some(
                LATIN9
                    .iter()
                    .find(|(x, _)| *x == b)
                    .map_or(char::from(b), |(_, c)| *c),
            ),
            Codec::Ascii | Codec::Utf8 => None,
        }
    }

    /// The byte of `c` (one-byte codecs only).
    fn byte_of(self, c: char) -> Option<u8> {
        if c.is_ascii() {
            return u8::try_from(c).ok();
        }
        let code = u32::from(c);
        let same = u8::try_from(code).ok().filter(|b| *b >= 0xa0);
        match self {
            Codec::Latin1 => u8::try_from(code).ok(),
            Codec::Cp1252 => same.or_else(|| {
                let at = CP1252.iter().position(|x| *x == c)?;
                u8::try_from(at).ok().map(|i| i + 0x80)
            }),
            Codec::Latin9 => match LATIN9.iter().find(|(_, x)| *x == c) {
                Some((b, _)) => Some(*b),
                None => u8::try_from(code)
                    .ok()
                    .filter(|b| !LATIN9.iter().any(|(x, _)| x == b)),
            },
            Codec::Ascii | Codec::Utf8 => None,
        }
    }
}

/// Why a file's bytes are not text canon can read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("not valid UTF-8 (at byte {at}), skipped")]
    Utf8 { at: usize },
    #[error(
        "declares the source encoding `{name}` (line {line}), which canon cannot read (it reads utf-8, ascii, latin-1, cp1252, iso-8859-15); skipped"
    )]
    Unknown { name: String, line: usize },
    #[error(
        "starts with a UTF-8 BOM but declares the source encoding `{name}` (line {line}), which Python refuses; skipped"
    )]
    BomConflict { name: String, line: usize },
    #[error(
        "byte 0x{byte:02x} at line {line} is not {codec}, the file's declared encoding; skipped"
    )]
    Invalid {
        byte: u8,
        line: usize,
        codec: &'static str,
    },
}

/// Why a text cannot be written as the encoding it declares.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EncodeError {
    /// A character the declared encoding lacks.
    #[error("`{ch}` (line {line}) cannot be written in {codec}, the file's declared encoding")]
    Unencodable {
        ch: char,
        line: usize,
        codec: &'static str,
    },
    #[error("the text would declare an encoding canon cannot write: {0}")]
    Declared(DecodeError),
}

const BOM: &[u8] = b"\xef\xbb\xbf";

/// The encoding `source` (a file's bytes, or a text's) declares: UTF-8
/// when it declares none.
pub fn declared(source: &[u8]) -> Result<Codec, DecodeError> {
    let bom = source.starts_with(BOM);
    let Some((name, line)) = declaration(source.strip_prefix(BOM).unwrap_or(source)) else {
        return Ok(Codec::Utf8);
    };
    let codec = lookup(name).ok_or_else(|| DecodeError::Unknown {
        name: name.to_string(),
        line,
    })?;
    if bom && codec != Codec::Utf8 {
        return Err(DecodeError::BomConflict {
            name: name.to_string(),
            line,
        });
    }
    Ok(codec)
}

/// A Python file's text, decoded as its declaration says.
pub fn decode(bytes: Vec<u8>) -> Result<String, DecodeError> {
    let codec = declared(&bytes)?;
    if matches!(codec, Codec::Utf8) {
        return String::from_utf8(bytes).map_err(|e| DecodeError::Utf8 {
            at: e.utf8_error().valid_up_to(),
        });
    }
    let mut text = String::with_capacity(bytes.len() + bytes.len() / 8);
    for (i, &b) in bytes.iter().enumerate() {
        let c = codec.char_of(b).ok_or_else(|| DecodeError::Invalid {
            byte: b,
            line: line_at(&bytes, i),
            codec: codec.name(),
        })?;
        text.push(c);
    }
    Ok(text)
}

/// `text` as bytes in the encoding it declares (UTF-8 when none).
pub fn encode(text: &str) -> Result<Cow<'_, [u8]>, EncodeError> {
    declared(text.as_bytes())
        .map_err(EncodeError::Declared)?
        .encode(text)
}

impl Codec {
    /// `text` as bytes in this encoding.
    pub fn encode(self, text: &str) -> Result<Cow<'_, [u8]>, EncodeError> {
        if self == Codec::Utf8 {
            return Ok(Cow::Borrowed(text.as_bytes()));
        }
        let mut out = Vec::with_capacity(text.len());
        for (i, c) in text.char_indices() {
            let b = self.byte_of(c).ok_or_else(|| EncodeError::Unencodable {
                ch: c,
                line: line_at(text.as_bytes(), i),
                codec: self.name(),
            })?;
            out.push(b);
        }
        Ok(Cow::Owned(out))
    }
}

/// 1-based line of byte `at`.
fn line_at(bytes: &[u8], at: usize) -> usize {
    bytes[..at].iter().filter(|b| **b == b'\n').count() + 1
}

/// The declared name and its line, as CPython's tokenizer finds it: on
/// line 1, or on line 2 when line 1 holds nothing but a comment.
fn declaration(source: &[u8]) -> Option<(&str, usize)> {
    let mut lines = source.split(|b| *b == b'\n');
    let first = lines.next()?;
    if let Some(name) = coding_spec(first) {
        return Some((name, 1));
    }
    let rest = first.trim_ascii_start();
    if !(rest.is_empty() || rest.starts_with(b"#")) {
        return None;
    }
    coding_spec(lines.next()?).map(|name| (name, 2))
}

/// `coding[:=] NAME` in a comment line (CPython's `get_coding_spec`).
fn coding_spec(line: &[u8]) -> Option<&str> {
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    let start = line.iter().position(|b| !b" \t\x0c".contains(b))?;
    if line[start] != b'#' {
        return None;
    }
    let mut from = start;
    while let Some(at) = find(&line[from..], b"coding") {
        let after = from + at + 6;
        from = from + at + 1;
        if !matches!(line.get(after), Some(b':' | b'=')) {
            continue;
        }
        let begin = after
            + 1
            + line[after + 1..]
                .iter()
                .take_while(|b| matches!(b, b' ' | b'\t'))
                .count();
        let len = line[begin..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || b"-_.".contains(b))
            .count();
        if len > 0 {
            return std::str::from_utf8(&line[begin..begin + len]).ok();
        }
    }
    None
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// The codec a declared name means, as CPython's tokenizer normalises it
/// and `codecs.lookup` aliases it; None for one canon does not read.
fn lookup(name: &str) -> Option<Codec> {
    let lower = name.to_ascii_lowercase().replace('_', "-");
    let family = |p: &str| lower == p || lower.starts_with(&format!("{p}-"));
    if family("utf-8") {
        return Some(Codec::Utf8);
    }
    if ["latin-1", "iso-8859-1", "iso-latin-1"]
        .into_iter()
        .any(family)
    {
        return Some(Codec::Latin1);
    }
    let norm: String = lower
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '.'))
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("_");
    Some(match norm.as_str() {
        "utf8" | "u8" | "utf" | "cp65001" => Codec::Utf8,
        "ascii" | "us_ascii" | "646" | "us" | "cp367" | "csascii" | "ibm367" | "iso646_us"
        | "iso_ir_6" | "ansi_x3.4_1968" | "ansi_x3_4_1968" => Codec::Ascii,
        "latin1" | "latin" | "l1" | "iso8859_1" | "iso8859" | "8859" | "cp819" | "ibm819"
        | "csisolatin1" | "iso_ir_100" | "iso_8859_1_1987" => Codec::Latin1,
        "cp1252" | "windows_1252" | "1252" => Codec::Cp1252,
        "iso_8859_15" | "iso8859_15" | "latin9" | "l9" => Codec::Latin9,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declarations_are_found_where_python_looks() {
        let d = |s: &[u8]| declared(s);
        assert_eq!(d(b"# -*- coding: latin-1 -*-\n"), Ok(Codec::Latin1));
        assert_eq!(
            d(b"#!/usr/bin/python\n# vim: set fileencoding=cp1252 :\n"),
            Ok(Codec::Cp1252)
        );
        assert_eq!(d(b"\n#coding=ISO_8859-15\n"), Ok(Codec::Latin9));
        assert_eq!(d(b"# coding: utf-8-sig\n"), Ok(Codec::Utf8));
        assert_eq!(d(b"# coding: latin-1-unix\n"), Ok(Codec::Latin1));
        // Line 2 counts only after a comment or a blank line; line 3 never.
        assert_eq!(d(b"x = 1\n# coding: latin-1\n"), Ok(Codec::Utf8));
        assert_eq!(d(b"#\n#\n# coding: latin-1\n"), Ok(Codec::Utf8));
        assert_eq!(d(b"x = '# coding: latin-1'\n"), Ok(Codec::Utf8));
        assert_eq!(d(b"# encoding is coding:\n"), Ok(Codec::Utf8));
        assert!(matches!(
            d(b"# coding: koi8-r\n"),
            Err(DecodeError::Unknown { line: 1, .. })
        ));
        assert!(matches!(
            d(b"\xef\xbb\xbf# coding: latin-1\n"),
            Err(DecodeError::BomConflict { .. })
        ));
        assert_eq!(d(b"\xef\xbb\xbf# coding: utf-8\n"), Ok(Codec::Utf8));
    }

    #[test]
    fn every_byte_round_trips_where_the_codec_defines_it() {
        for (decl, undefined) in [
            ("latin-1", &[][..]),
            ("cp1252", &[0x81, 0x8d, 0x8f, 0x90, 0x9d][..]),
            ("iso-8859-15", &[][..]),
        ] {
            let head = format!("# coding: {decl}\n");
            let body: Vec<u8> = (0u8..=255)
                .filter(|b| *b != 0 && !undefined.contains(b))
                .collect();
            let bytes = [head.as_bytes(), &body].concat();
            let text = decode(bytes.clone()).expect(decl);
            assert_eq!(encode(&text).unwrap(), &bytes[..], "{decl}");
            for b in undefined {
                let bad = [head.as_bytes(), &[*b]].concat();
                assert!(matches!(
                    decode(bad),
                    Err(DecodeError::Invalid { line: 2, .. })
                ));
            }
        }
    }

    #[test]
    fn characters_the_codec_lacks_are_refused() {
        assert_eq!(
            decode(b"# coding: latin-1\nx = '\xe9\xa4'\n".to_vec()).unwrap(),
            "# coding: latin-1\nx = '\u{e9}\u{a4}'\n"
        );
        assert_eq!(
            encode("# coding: latin-1\nx = '\u{20ac}'\n"),
            Err(EncodeError::Unencodable {
                ch: '\u{20ac}',
                line: 2,
                codec: "latin-1"
            })
        );
        assert!(matches!(
            encode("# coding: koi8-r\n"),
            Err(EncodeError::Declared(_))
        ));
        assert_eq!(
            encode("# coding: cp1252\n\u{20ac}").unwrap(),
            &b"# coding: cp1252\n\x80"[..]
        );
        assert!(encode("# coding: iso-8859-15\n\u{a4}").is_err());
        assert!(encode("# coding: ascii\n\u{e9}").is_err());
        assert_eq!(
            encode("x = '\u{20ac}'").unwrap(),
            "x = '\u{20ac}'".as_bytes()
        );
    }
}
