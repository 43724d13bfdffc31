//! whosaid-analysis: the pure core of whosaid. It takes article text in memory and returns
//! plain data — sentences, quotations with cues and speakers, and entities — with byte
//! spans into the article text. It does no file, network or database I/O.
//!
//! Stages, each a module: [`text`] (tokens, sentences) → [`entities`] (mentions, merged
//! entities, roles) → [`quotes`] (direct quotes, reported speech, attribution). The
//! [`Analyzer`] runs them in order.

pub mod budget;
pub mod checks;
pub mod entities;
pub mod events;
pub mod lexicon;
pub mod perceptron;
pub mod pipeline;
pub mod plaintext;
pub mod polnear;
pub mod quotes;
pub mod sequence;
pub mod similarity;
pub mod text;
pub mod types;

pub use budget::{Budget, OverBudget};
pub use pipeline::{Analyzer, SCHEMA};
pub use types::{
    Actor, Analysis, Article, Attribution, Cue, Entity, EntityKind, Event, EventStatus, Mention,
    MentionKind, Mode, PageType, Quote, QuoteKind, Role, Sentence, Span, Speaker, TimeRef,
};
