//! File names as canon carries them: a `/`-separated `String` relative to
//! the project root, which every stage, report and session uses, and which
//! maps back to the name's exact bytes for the file system and git.
//!
//! A path component whose bytes are UTF-8 with no control character is
//! spelled as itself (`a\b.py`, `my file.py`, NFC and NFD alike). Any other
//! is escaped so that it prints on one line and loses nothing: each byte
//! that is not UTF-8 or belongs to a control character becomes `\xHH`, and
//! each backslash `\\` (`caf\xe9.py`, `new\x0aline.py`). A plain component
//! that would read as an escape (it holds `\\` or `\xHH`) is escaped too,
//! so every byte string has exactly one spelling, and [`bytes`] inverts
//! [`from_bytes`]. Nothing else is done here: no I/O, no normalisation.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

/// The spelling of a relative path given as bytes (`/`-separated).
pub fn from_bytes(path: &[u8]) -> String {
    let mut out = String::with_capacity(path.len());
    for (i, part) in path.split(|b| *b == b'/').enumerate() {
        if i > 0 {
            out.push('/');
        }
        spell(part, &mut out);
    }
    out
}

fn spell(part: &[u8], out: &mut String) {
    if let Ok(s) = std::str::from_utf8(part)
        && !s.chars().any(char::is_control)
        && !looks_escaped(part)
    {
        out.push_str(s);
        return;
    }
    for chunk in part.utf8_chunks() {
        for c in chunk.valid().chars() {
            if c == '\\' {
                out.push_str("\\\\");
            } else if c.is_control() {
                let mut buf = [0; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    out.push_str(&format!("\\x{b:02x}"));
                }
            } else {
                out.push(c);
            }
        }
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02x}"));
        }
    }
}

/// Holds `\\` or `\x` and two hex digits: what an escaped spelling holds.
fn looks_escaped(part: &[u8]) -> bool {
    part.windows(2).enumerate().any(|(i, w)| {
        w[0] == b'\\'
            && (w[1] == b'\\'
                || (w[1] == b'x'
                    && part.get(i + 2).is_some_and(u8::is_ascii_hexdigit)
                    && part.get(i + 3).is_some_and(u8::is_ascii_hexdigit)))
    })
}

/// The name itself when its bytes are UTF-8 (a tab or a line feed in it
/// as they are), for output that escapes control characters its own way
/// (JSON); else the spelling, since no string holds those bytes.
pub fn as_text(rel: &str) -> Cow<'_, str> {
    match bytes(rel) {
        Cow::Borrowed(_) => Cow::Borrowed(rel),
        Cow::Owned(raw) => match String::from_utf8(raw) {
            Ok(name) => Cow::Owned(name),
            Err(_) => Cow::Borrowed(rel),
        },
    }
}

/// The exact bytes of a spelled path that is not UTF-8; None for one that is.
pub fn non_utf8_bytes(rel: &str) -> Option<Vec<u8>> {
    let raw = bytes(rel);
    std::str::from_utf8(&raw).is_err().then(|| raw.into_owned())
}

/// The exact bytes of a spelled path.
pub fn bytes(rel: &str) -> Cow<'_, [u8]> {
    if !rel.split('/').any(|p| looks_escaped(p.as_bytes())) {
        return Cow::Borrowed(rel.as_bytes());
    }
    let mut out = Vec::with_capacity(rel.len());
    for (i, part) in rel.split('/').enumerate() {
        if i > 0 {
            out.push(b'/');
        }
        let part = part.as_bytes();
        if !looks_escaped(part) {
            out.extend_from_slice(part);
            continue;
        }
        let mut at = 0;
        while at < part.len() {
            let escape = (part[at] == b'\\').then(|| part.get(at + 1)).flatten();
            let (byte, width) = match escape {
                Some(b'\\') => (b'\\', 2),
                Some(b'x') => hex_at(part, at + 2).map_or((b'\\', 1), |b| (b, 4)),
                _ => (part[at], 1),
            };
            out.push(byte);
            at += width;
        }
    }
    Cow::Owned(out)
}

fn hex_at(s: &[u8], at: usize) -> Option<u8> {
    let digits = std::str::from_utf8(s.get(at..at + 2)?).ok()?;
    u8::from_str_radix(digits, 16).ok()
}

/// `root` joined with the spelled relative path, as the file system names it.
pub fn to_path(root: &Path, rel: &str) -> PathBuf {
    root.join(os(rel))
}

/// The spelled relative path as a file-system path.
#[cfg(unix)]
pub fn os(rel: &str) -> PathBuf {
    use std::os::unix::ffi::OsStrExt;
    PathBuf::from(std::ffi::OsStr::from_bytes(&bytes(rel)))
}

#[cfg(not(unix))]
pub fn os(rel: &str) -> PathBuf {
    PathBuf::from(String::from_utf8_lossy(&bytes(rel)).into_owned())
}

/// How root-relative `rel` reads from the folder `dir` (root-relative
/// too, `""` for the root): `sub/b.py` is `b.py` from `sub`, `a.py` is
/// `../a.py`; the folder itself is `.`.
pub fn seen_from(dir: &str, rel: &str) -> String {
    let split = |p: &str| -> Vec<String> {
        p.split('/')
            .filter(|c| !c.is_empty())
            .map(String::from)
            .collect()
    };
    let (dir, rel) = (split(dir), split(rel));
    let common = dir.iter().zip(&rel).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<&str> = vec![".."; dir.len() - common];
    parts.extend(rel[common..].iter().map(String::as_str));
    match parts.is_empty() {
        true => ".".to_string(),
        false => parts.join("/"),
    }
}

/// How root-relative paths read from a folder that may be outside the
/// root: `dir` is that folder and `prefix` the root, both named from a
/// folder that holds the two (`dir` `""` and `prefix` `services/api` from
/// the folder above a root in `services/api`; `prefix` `""` from a folder
/// `dir` of the root itself, as [`seen_from`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seen {
    pub dir: String,
    pub prefix: String,
}

impl Seen {
    /// The root-relative `rel` as it reads from `dir`.
    pub fn path(&self, rel: &str) -> String {
        match self.prefix.is_empty() {
            true => seen_from(&self.dir, rel),
            false => seen_from(&self.dir, &format!("{}/{rel}", self.prefix)),
        }
    }
}

/// `path` made absolute against the folder `base` and its `.` and `..`
/// parts resolved by the name alone, as the user reads it (and as ruff and
/// ripgrep do), not through the file system: `vendor/..` is the folder
/// `vendor` sits in even when `vendor` is a link elsewhere.
pub fn absolute_in(base: &Path, path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for c in base.join(path).components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                // `/..` is `/`.
                if out.parent().is_some() {
                    out.pop();
                }
            }
            c => out.push(c.as_os_str()),
        }
    }
    out
}

/// The spelling of `abs` relative to `root`, if it is inside it.
pub fn relative(root: &Path, abs: &Path) -> Option<String> {
    let rel = abs.strip_prefix(root).ok()?;
    let mut raw = Vec::new();
    for (i, c) in rel.components().enumerate() {
        if i > 0 {
            raw.push(b'/');
        }
        raw.extend_from_slice(&os_bytes(c.as_os_str()));
    }
    Some(from_bytes(&raw))
}

#[cfg(unix)]
fn os_bytes(s: &std::ffi::OsStr) -> Cow<'_, [u8]> {
    use std::os::unix::ffi::OsStrExt;
    Cow::Borrowed(s.as_bytes())
}

#[cfg(not(unix))]
fn os_bytes(s: &std::ffi::OsStr) -> Cow<'_, [u8]> {
    match s.to_string_lossy() {
        Cow::Borrowed(t) => Cow::Borrowed(t.as_bytes()),
        Cow::Owned(t) => Cow::Owned(t.into_bytes()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn absolute_paths_resolve_dots_by_name() {
        let base = Path::new("/w/proj");
        assert_eq!(
            absolute_in(base, Path::new("vendor")),
            Path::new("/w/proj/vendor")
        );
        assert_eq!(
            absolute_in(base, Path::new("./vendor/../a.py")),
            Path::new("/w/proj/a.py")
        );
        assert_eq!(absolute_in(base, Path::new("..")), Path::new("/w"));
        assert_eq!(absolute_in(base, Path::new("/x/./y/")), Path::new("/x/y"));
        assert_eq!(absolute_in(base, Path::new("../../../..")), Path::new("/"));
        assert_eq!(absolute_in(base, Path::new(".")), Path::new("/w/proj"));
    }

    #[test]
    fn paths_read_from_a_folder_of_the_project() {
        assert_eq!(seen_from("", "sub/b.py"), "sub/b.py");
        assert_eq!(seen_from("sub", "sub/b.py"), "b.py");
        assert_eq!(seen_from("sub", "a.py"), "../a.py");
        assert_eq!(seen_from("sub/deep", "sub/other/c.py"), "../other/c.py");
        assert_eq!(seen_from("sub", "sub"), ".");
        // A folder named like the start of another is not it.
        assert_eq!(seen_from("su", "sub/b.py"), "../sub/b.py");
    }

    #[test]
    fn paths_read_from_above_or_beside_the_root() {
        let above = Seen {
            dir: String::new(),
            prefix: "services/api".into(),
        };
        assert_eq!(above.path("main.py"), "services/api/main.py");
        let beside = Seen {
            dir: "web".into(),
            prefix: "api".into(),
        };
        assert_eq!(beside.path("pkg/m.py"), "../api/pkg/m.py");
        let inside = Seen {
            dir: "sub".into(),
            prefix: String::new(),
        };
        assert_eq!(inside.path("sub/b.py"), "b.py");
        assert_eq!(inside.path("a.py"), "../a.py");
    }

    #[test]
    fn plain_names_are_themselves() {
        for name in [
            "app/a.py",
            "a\\b.py",
            "my file.py",
            "caf\u{e9}.py",
            "cafe\u{301}.py",
            "-x.py",
            "q'\"x",
        ] {
            assert_eq!(from_bytes(name.as_bytes()), name);
            assert_eq!(&*bytes(name), name.as_bytes());
        }
    }

    #[test]
    fn other_names_are_escaped_per_component() {
        assert_eq!(from_bytes(b"pkg/caf\xe9.py"), "pkg/caf\\xe9.py");
        assert_eq!(from_bytes(b"a\\b/new\nline.py"), "a\\b/new\\x0aline.py");
        assert_eq!(from_bytes(b"x\\y\xff"), "x\\\\y\\xff");
        assert_eq!(from_bytes(b"lit\\xe9.py"), "lit\\\\xe9.py");
        assert_eq!(from_bytes("c1\u{85}".as_bytes()), "c1\\xc2\\x85");
        assert_eq!(&*bytes("lit\\\\xe9.py"), b"lit\\xe9.py");
        assert_eq!(&*bytes("pkg/caf\\xe9.py"), b"pkg/caf\xe9.py");
        assert_eq!(as_text("a/we\\x09ird.py"), "a/we\tird.py");
        assert_eq!(as_text("lit\\\\xe9.py"), "lit\\xe9.py");
        assert_eq!(as_text("pkg/caf\\xe9.py"), "pkg/caf\\xe9.py");
        assert_eq!(as_text("plain.py"), "plain.py");
        // The two spell alike in JSON's `path`; only one has `path_bytes`.
        assert_eq!(
            non_utf8_bytes("pkg/caf\\xe9.py"),
            Some(b"pkg/caf\xe9.py".to_vec())
        );
        assert_eq!(non_utf8_bytes("lit\\\\xe9.py"), None);
        assert_eq!(non_utf8_bytes("a/we\\x09ird.py"), None);
    }

    proptest! {
        #[test]
        fn every_name_maps_back_to_its_bytes(raw in proptest::collection::vec(
            prop_oneof![Just(b'\\'), Just(b'x'), Just(b'/'), Just(b'e'), Just(b'9'), Just(b'\n'), any::<u8>()],
            0..24,
        )) {
            let spelled = from_bytes(&raw);
            prop_assert!(!spelled.chars().any(char::is_control));
            prop_assert_eq!(&*bytes(&spelled), &raw[..]);
        }
    }
}
