//! The configuration as written: plain serde structs that reject unknown keys.
//! Spans are kept so that validation errors can name line and column.

use serde::Deserialize;
use toml::Spanned;

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct RawConfig {
    #[serde(default)]
    pub settings: Option<Spanned<RawSettings>>,
    #[serde(default, rename = "move")]
    pub moves: Vec<Spanned<RawMove>>,
    #[serde(default, rename = "rewrite")]
    pub rewrites: Vec<Spanned<RawRewrite>>,
    #[serde(default, rename = "ban")]
    pub bans: Vec<Spanned<RawBan>>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct RawSettings {
    pub branch: Option<Spanned<String>>,
    pub message: Option<Spanned<String>>,
    pub verify: Option<Spanned<String>>,
    pub include: Option<Spanned<Vec<Spanned<String>>>>,
    pub exclude: Option<Vec<Spanned<String>>>,
    pub mentions: Option<Vec<Spanned<String>>>,
    pub blame_ignore: Option<bool>,
    /// Bytes (`16777216`) or with a unit (`"16MiB"`, `"512 KB"`).
    pub max_file_size: Option<Spanned<toml::Value>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMove {
    pub id: Spanned<String>,
    pub old: Spanned<String>,
    pub new: Spanned<String>,
    /// `"paths"` (default): strings are rewritten only where an API takes
    /// an import path; `"all"`: every string equal to the old path is one.
    pub strings: Option<Spanned<String>>,
    pub note: Option<String>,
    pub paths: Option<Spanned<Vec<Spanned<String>>>>,
    pub exclude: Option<Vec<Spanned<String>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRewrite {
    pub id: Spanned<String>,
    pub pattern: Spanned<String>,
    pub fix: Option<Spanned<String>>,
    pub note: Option<String>,
    pub paths: Option<Spanned<Vec<Spanned<String>>>>,
    pub exclude: Option<Vec<Spanned<String>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBan {
    pub id: Spanned<String>,
    pub symbol: Spanned<String>,
    pub note: Option<String>,
    pub paths: Option<Spanned<Vec<Spanned<String>>>>,
    pub exclude: Option<Vec<Spanned<String>>>,
}

/// `pyproject.toml`: only `[tool.canon]` is ours; everything else is ignored.
#[derive(Debug, Deserialize)]
pub struct RawPyproject {
    pub tool: Option<RawTool>,
}

#[derive(Debug, Deserialize)]
pub struct RawTool {
    pub canon: Option<RawConfig>,
}
