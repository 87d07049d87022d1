//! The voice of the library's posts: the brand-voice guide (its file format, storage and examples), the
//! checks it drives (the guide's rules and the built-in dialogue, event, jargon and accessibility
//! checks), readability, templates, and how long a post is on each network.

mod builtin;
pub mod check;
pub mod compiled;
pub mod entities;
pub mod examples;
pub mod guide;
mod lexicon;
pub mod networks;
pub mod readability;
pub mod stored;
pub mod templates;

pub use check::{check, CheckReport, DraftCheck, Finding};
pub use compiled::CompiledGuide;
pub use guide::VoiceGuide;

use crate::error::Result;
use crate::store::Store;

/// Checks a draft with the workspace's guide (compiled once per change of the guide), counting against
/// the connected Mastodon server's limits.
pub fn check_draft(store: &Store, draft: &DraftCheck) -> Result<CheckReport> {
    let (guide, limits) = guide_and_limits(store)?;
    Ok(check(&guide, draft, &limits))
}

/// Checks an answer in a conversation (see [`check::check_answer`]) as [`check_draft`] checks a post.
pub fn check_answer(store: &Store, draft: &DraftCheck) -> Result<CheckReport> {
    let (guide, limits) = guide_and_limits(store)?;
    Ok(check::check_answer(&guide, draft, &limits))
}

fn guide_and_limits(
    store: &Store,
) -> Result<(std::sync::Arc<compiled::CompiledGuide>, networks::NetworkLimits)> {
    store.read(|conn| Ok((stored::compiled(conn)?, crate::accounts::network_limits(conn)?)))
}

/// Runs the examples of the workspace's guide.
pub fn test_guide(store: &Store) -> Result<Vec<examples::ExampleOutcome>> {
    Ok(examples::run(&*store.read(stored::compiled)?))
}
