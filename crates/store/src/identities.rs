//! The corpus-wide rows a batch of articles shares with every other batch: one entity per
//! identity key and one alias per spelling. They are gathered for the whole batch and
//! written in key order before its articles, so that on PostgreSQL they can go in a short
//! transaction of their own: writers then neither hold `Donald Trump`'s row for a whole
//! batch nor deadlock by taking two such rows in opposite orders.

use std::collections::{BTreeMap, HashMap};

use whosaid_analysis::{Analysis, Entity, MentionKind};

use crate::db::{args, Db};
use crate::names::entity_key;
use crate::StoreError;

/// Corpus-wide entity ids by identity key.
pub(crate) type Ids = HashMap<String, i64>;

/// The identity key of an entity: its Wikidata id when known ("Viktor Orban" = "Viktor
/// Orbán"), else its folded name.
pub(crate) fn identity_key(e: &Entity) -> String {
    match &e.wikidata {
        Some(q) => format!("wikidata:{q}"),
        None => entity_key(e.kind, &e.name, e.country.as_deref()),
    }
}

/// What a batch says about one identity: the first spelling and kind it meets, the first
/// gender and Wikidata id stated, and each spelling's first and last day.
struct Identity<'a> {
    entity: &'a Entity,
    female: Option<bool>,
    wikidata: Option<&'a str>,
    aliases: BTreeMap<&'a str, Days>,
}

/// The first and last day a spelling was seen (either unknown).
#[derive(Default, Clone)]
struct Days {
    first: Option<String>,
    last: Option<String>,
}

impl Days {
    fn see(&mut self, day: Option<&str>) {
        let Some(d) = day else { return };
        if self.first.as_deref().is_none_or(|f| d < f) {
            self.first = Some(d.to_string());
        }
        if self.last.as_deref().is_none_or(|l| d > l) {
            self.last = Some(d.to_string());
        }
    }
}

/// The identities of a batch, by key (so they are written in key order).
pub(crate) struct Batch<'a> {
    identities: BTreeMap<String, Identity<'a>>,
}

impl<'a> Batch<'a> {
    /// Gathers the entities of every analysis (with its article's day), in order.
    pub(crate) fn of(
        analyses: impl IntoIterator<Item = (&'a Analysis, Option<String>)>,
    ) -> Batch<'a> {
        let mut identities: BTreeMap<String, Identity<'a>> = BTreeMap::new();
        for (analysis, day) in analyses {
            for e in &analysis.entities {
                let identity = identities.entry(identity_key(e)).or_insert(Identity {
                    entity: e,
                    female: None,
                    wikidata: None,
                    aliases: BTreeMap::new(),
                });
                identity.female = identity.female.or(e.female);
                identity.wikidata = identity.wikidata.or(e.wikidata.as_deref());
                let names = e.mentions.iter().filter(|m| m.kind == MentionKind::Name);
                for alias in names.map(|m| m.text.as_str()).chain([e.name.as_str()]) {
                    identity
                        .aliases
                        .entry(alias)
                        .or_default()
                        .see(day.as_deref());
                }
            }
        }
        Batch { identities }
    }

    /// Writes the entity and alias rows (creating them, or adding what this batch knows
    /// to them) and returns the entity ids.
    pub(crate) fn upsert(&self, tx: &Db) -> Result<Ids, StoreError> {
        let mut ids = Ids::with_capacity(self.identities.len());
        for (key, identity) in &self.identities {
            let e = identity.entity;
            let id: i64 = tx.query_one(
                "INSERT INTO entities (name, kind, key, country, female, wikidata) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT(key) DO UPDATE SET female = COALESCE(entities.female, excluded.female),
                                                wikidata = COALESCE(entities.wikidata, excluded.wikidata)
                 RETURNING id",
                args![&e.name, e.kind.as_str(), key, &e.country, identity.female, identity.wikidata],
                |row| row.get(0),
            )?;
            for (alias, days) in &identity.aliases {
                tx.execute(
                    "INSERT INTO aliases (entity_id, alias, first_seen, last_seen) VALUES (?1, ?2, ?3, ?4)
                     ON CONFLICT(entity_id, alias) DO UPDATE SET
                       first_seen = CASE WHEN excluded.first_seen IS NOT NULL AND (aliases.first_seen IS NULL OR excluded.first_seen < aliases.first_seen) THEN excluded.first_seen ELSE aliases.first_seen END,
                       last_seen = CASE WHEN excluded.last_seen IS NOT NULL AND (aliases.last_seen IS NULL OR excluded.last_seen > aliases.last_seen) THEN excluded.last_seen ELSE aliases.last_seen END",
                    args![id, *alias, &days.first, &days.last],
                )?;
            }
            ids.insert(key.clone(), id);
        }
        Ok(ids)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_spelling_keeps_its_first_and_last_day() {
        let mut d = Days::default();
        for day in [
            Some("2022-02-03"),
            None,
            Some("2022-01-30"),
            Some("2022-02-10"),
        ] {
            d.see(day);
        }
        assert_eq!(d.first.as_deref(), Some("2022-01-30"));
        assert_eq!(d.last.as_deref(), Some("2022-02-10"));
    }
}
