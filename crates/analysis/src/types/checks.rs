//! What checking a stated role against the office-holder record yields.

use serde::{Deserialize, Serialize};

use super::Role;

/// One term of office in the record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Term {
    /// Office holder.
    pub person: String,
    /// Wikidata id.
    pub wikidata: String,
    /// Position label in the record ("Prime Minister").
    pub position: String,
    /// ISO alpha-3.
    pub country: String,
    /// Start (YYYY, YYYY-MM or YYYY-MM-DD).
    pub start: String,
    /// End, when recorded.
    pub end: Option<String>,
    #[serde(skip)]
    pub(crate) family: String,
}

/// The outcome of checking one stated role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The record agrees.
    Consistent,
    /// The record says otherwise: a flag.
    Contradicted,
    /// The record cannot tell (unknown person or office, no date, qualifier).
    NotChecked,
}

super::labels!(Verdict { Consistent => "consistent", Contradicted => "contradicted", NotChecked => "not_checked" });

/// A stated role checked against the record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleCheck {
    /// The entity (index into `Analysis::entities`).
    pub entity: usize,
    /// Its name.
    pub person: String,
    /// The role as stated.
    pub role: Role,
    /// The day checked (the publication date).
    pub on: Option<String>,
    /// The outcome.
    pub verdict: Verdict,
    /// Why, in words.
    pub reason: String,
    /// The terms that show it: who held the office then, and what the person held.
    pub evidence: Vec<Term>,
}
