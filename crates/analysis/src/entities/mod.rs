//! The entity stage: mentions of people, organisations and places, merged into entities
//! with the roles the text gives them.

pub(crate) mod coref;
pub mod mentions;
mod name_words;
pub mod resolve;

pub use mentions::{find, FoundMention, MentionIndex, MentionTarget};
pub use resolve::{resolve, Resolved};
