//! Entities: speakers by quotes, entities by mentions, names to ids, aliases.

use std::collections::HashMap;

use serde::Serialize;
use whosaid_analysis::EntityKind;

use super::label;
use crate::db::{args, Row, Value};
use crate::{Store, StoreError};

/// A name's last word (what follows its last space; the whole name when it has none), as
/// indexed by `entities_last_word`: the index is used only for this very expression.
const LAST_WORD: &str = "substr(e.name, length(rtrim(e.name, replace(e.name, ' ', ''))) + 1)";

/// A speaker and how often they are quoted.
#[derive(Debug, Clone, Serialize)]
pub struct SpeakerRow {
    /// Corpus-wide entity id.
    pub entity_id: i64,
    /// Canonical name.
    pub name: String,
    /// Person, organisation or place.
    pub kind: EntityKind,
    /// Quotes attributed to them.
    pub quotes: i64,
    /// Articles they are quoted in.
    pub articles: i64,
    /// Other spellings seen.
    pub aliases: Vec<String>,
    /// Roles the texts gave them, most frequent first.
    pub roles: Vec<String>,
}

/// A [`SpeakerRow`] from `id, name, kind, quotes, articles` (aliases and roles empty).
pub(crate) fn speaker_row(r: &Row) -> Result<SpeakerRow, StoreError> {
    Ok(SpeakerRow {
        entity_id: r.get(0)?,
        name: r.get(1)?,
        kind: label(r, 2)?,
        quotes: r.get(3)?,
        articles: r.get(4)?,
        aliases: vec![],
        roles: vec![],
    })
}

/// A corpus-wide entity.
#[derive(Debug, Clone, Serialize)]
pub struct EntityRow {
    /// Entity id.
    pub id: i64,
    /// Canonical name.
    pub name: String,
    /// Person, organisation or place.
    pub kind: EntityKind,
    /// ISO alpha-3 for countries.
    pub country: Option<String>,
    /// The entity this bare surname was linked to.
    pub canonical_id: Option<i64>,
    /// Mentions across the corpus.
    pub mentions: i64,
    /// Spellings seen.
    pub aliases: Vec<String>,
}

/// The columns [`entity_row`] reads, with the mentions counted.
const ENTITY_COLUMNS: &str = "SELECT e.id, e.name, e.kind, e.country, e.canonical_id, (SELECT count(*) FROM mentions m WHERE m.entity_id = e.id) FROM entities e";

/// The same with the mentions as last kept (`entity_stats`), counted only for an entity
/// the aggregates leave out: one entity's page does not count a frequent name's mentions.
const KEPT_ENTITY_COLUMNS: &str = "SELECT e.id, e.name, e.kind, e.country, e.canonical_id,
     COALESCE((SELECT s.mentions FROM entity_stats s WHERE s.entity_id = e.id),
              (SELECT count(*) FROM mentions m WHERE m.entity_id = e.id))
     FROM entities e";

/// An [`EntityRow`] (without aliases) from the columns id, name, kind, country,
/// canonical_id, mentions.
fn entity_row(r: &Row) -> Result<EntityRow, StoreError> {
    Ok(EntityRow {
        id: r.get(0)?,
        name: r.get(1)?,
        kind: label(r, 2)?,
        country: r.get(3)?,
        canonical_id: r.get(4)?,
        mentions: r.get(5)?,
        aliases: vec![],
    })
}

impl Store {
    /// Up to `n` speakers' names closest to a name that matches none (a typo, another
    /// spelling): by edit distance to the name or any of its words, most quoted first among
    /// equals (the speakers of the last [`Store::refresh_stats`]).
    pub fn names_like(&self, typed: &str, n: usize) -> Result<Vec<String>, StoreError> {
        let names: Vec<String> = self.db.query(
            "SELECT name FROM entity_stats WHERE quotes > 0 ORDER BY quotes DESC, name",
            &[],
            |r| r.get(0),
        )?;
        let typed = typed.trim().to_lowercase();
        let limit = (typed.chars().count() / 3).max(1);
        let mut scored: Vec<(usize, usize, String)> = names
            .into_iter()
            .enumerate()
            .filter_map(|(rank, name)| {
                let lower = name.to_lowercase();
                let best = std::iter::once(lower.as_str())
                    .chain(lower.split_whitespace())
                    .map(|w| edit_distance(&typed, w))
                    .min()?;
                (best <= limit).then_some((best, rank, name))
            })
            .collect();
        scored.sort();
        Ok(scored.into_iter().take(n).map(|s| s.2).collect())
    }

    /// The ids of the entities a name, alias or (for persons) surname stands for, with the
    /// bare surnames linked to them. A one-word name matches the persons whose name of
    /// several words ends in it, on the index of last words (migration 0015).
    pub fn entity_ids(&self, name: &str) -> Result<Vec<i64>, StoreError> {
        let d = self.db.dialect();
        let sql = format!(
            "WITH named AS (
                 SELECT COALESCE(e.canonical_id, e.id) AS id FROM entities e WHERE {}
                 UNION SELECT COALESCE(e.canonical_id, e.id) FROM aliases al JOIN entities e ON e.id = al.entity_id WHERE {}
                 UNION SELECT e.id FROM entities e
                       WHERE e.kind = 'person' AND ?1 NOT LIKE '% %' AND e.name LIKE '% %' AND {})
             SELECT id FROM named UNION SELECT e.id FROM entities e JOIN named n ON e.canonical_id = n.id",
            d.equals_nocase_n("e.name", 1),
            d.equals_nocase_n("al.alias", 1),
            d.equals_nocase_n(LAST_WORD, 1),
        );
        self.db.query(&sql, args![name], |r| r.get(0))
    }

    /// The most quoted speakers (persons unless `all_kinds`), as of the last
    /// [`Store::refresh_stats`].
    pub fn speakers(&self, limit: usize, all_kinds: bool) -> Result<Vec<SpeakerRow>, StoreError> {
        let mut out: Vec<SpeakerRow> = self.db.query(
            "SELECT s.entity_id, e.name, e.kind, s.quotes, s.quoted_articles
             FROM entity_stats s JOIN entities e ON e.id = s.entity_id
             WHERE s.quotes > 0 AND (?1 = 1 OR s.kind = 'person')
             ORDER BY s.quotes DESC, s.name LIMIT ?2",
            args![all_kinds, limit],
            speaker_row,
        )?;
        self.add_aliases(&mut out)?;
        let mut roles = self.per_speaker(
            &out,
            "SELECT entity_id, role FROM entity_top_roles WHERE entity_id IN ({0}) ORDER BY entity_id, rank",
        )?;
        for s in &mut out {
            s.roles = roles.remove(&s.entity_id).unwrap_or_default();
        }
        Ok(out)
    }

    /// Fills in the other spellings of a page of speakers (in one query, not one each).
    pub(crate) fn add_aliases(&self, rows: &mut [SpeakerRow]) -> Result<(), StoreError> {
        // a UNION, not an OR: each side reads its own index
        let mut aliases = self.per_speaker(
            rows,
            "SELECT entity_id, alias FROM aliases WHERE entity_id IN ({0})
             UNION SELECT e.canonical_id, al.alias FROM aliases al JOIN entities e ON e.id = al.entity_id
             WHERE e.canonical_id IN ({0})
             ORDER BY 1, 2",
        )?;
        for s in rows {
            let mine = aliases.remove(&s.entity_id).unwrap_or_default();
            s.aliases = mine.into_iter().filter(|a| a != &s.name).collect();
        }
        Ok(())
    }

    /// The `(entity id, text)` rows of `sql` for these speakers (`{0}` stands for the list
    /// of their ids, as often as it appears), gathered per speaker in the rows' order.
    fn per_speaker(
        &self,
        rows: &[SpeakerRow],
        sql: &str,
    ) -> Result<HashMap<i64, Vec<String>>, StoreError> {
        let mut out: HashMap<i64, Vec<String>> = HashMap::new();
        if rows.is_empty() {
            return Ok(out);
        }
        let times = sql.matches("{0}").count();
        let sql = sql.replace("{0}", &vec!["?"; rows.len()].join(","));
        let ids: Vec<Value> = (0..times)
            .flat_map(|_| rows.iter().map(|s| Value::Integer(s.entity_id)))
            .collect();
        for (id, text) in self
            .db
            .query(&sql, &ids, |r| Ok((r.get::<i64>(0)?, r.get(1)?)))?
        {
            out.entry(id).or_default().push(text);
        }
        Ok(out)
    }

    /// Every spelling of an entity and of the surnames linked to it.
    pub(crate) fn aliases(&self, id: i64) -> Result<Vec<String>, StoreError> {
        self.db.query(
            // a UNION, not an OR: each side reads its own index (the OR read every alias)
            "SELECT alias FROM aliases WHERE entity_id = ?1
             UNION SELECT al.alias FROM aliases al JOIN entities e ON e.id = al.entity_id WHERE e.canonical_id = ?1
             ORDER BY 1",
            args![id],
            |r| r.get(0),
        )
    }

    /// Calls `f` for every entity (for exports).
    pub fn for_each_entity(
        &self,
        mut f: impl FnMut(EntityRow) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        self.db
            .for_each(&format!("{ENTITY_COLUMNS} ORDER BY e.id"), &[], |r| {
                let mut e = entity_row(r)?;
                e.aliases = self.aliases(e.id)?;
                f(e)
            })
    }

    /// One entity, its mentions as of the last [`Store::refresh_stats`].
    pub fn entity(&self, id: i64) -> Result<Option<EntityRow>, StoreError> {
        let row = self.db.query_opt(
            &format!("{KEPT_ENTITY_COLUMNS} WHERE e.id = ?1"),
            args![id],
            entity_row,
        )?;
        match row {
            Some(mut e) => {
                e.aliases = self.aliases(e.id)?;
                Ok(Some(e))
            }
            None => Ok(None),
        }
    }

    /// Entities by mentions, most mentioned first (as of the last [`Store::refresh_stats`]).
    pub fn entities(&self, limit: usize, offset: usize) -> Result<Vec<EntityRow>, StoreError> {
        self.db.query(
            "SELECT e.id, e.name, e.kind, e.country, e.canonical_id, s.mentions
             FROM entity_stats s JOIN entities e ON e.id = s.entity_id
             WHERE e.canonical_id IS NULL ORDER BY s.mentions DESC, s.name LIMIT ?1 OFFSET ?2",
            args![limit, offset],
            entity_row,
        )
    }
}

/// Levenshtein distance over characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distances() {
        assert_eq!(edit_distance("trmp", "trump"), 1);
        assert_eq!(edit_distance("orban", "orbán"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("clinton", "clinton"), 0);
    }
}
