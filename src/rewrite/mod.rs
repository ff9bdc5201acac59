//! Rewrites: findings turned into byte-range edits on the base text.
//!
//! Rules apply in the order written, each to the output of the ones before
//! it; the edits of all layers are composed back onto the base text so that
//! the review model sees one set of non-overlapping edits per file, with
//! `requires` links between edits that must be applied together.

mod edit;

pub use edit::{Edit, EditKind, FileProposal};
