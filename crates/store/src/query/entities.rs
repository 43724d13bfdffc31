//! Entities: speakers by quotes, entities by mentions, names to ids, aliases.

use rusqlite::{OptionalExtension, Row};
use serde::Serialize;
use whosaid_analysis::EntityKind;

use super::label;
use crate::{Store, StoreError};

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
pub(crate) fn speaker_row(r: &Row) -> rusqlite::Result<SpeakerRow> {
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

/// An [`EntityRow`] (without aliases) from the columns id, name, kind, country,
/// canonical_id, mentions.
fn entity_row(r: &Row) -> rusqlite::Result<EntityRow> {
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
    /// equals.
    pub fn names_like(&self, typed: &str, n: usize) -> Result<Vec<String>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT c.name, count(*) AS quotes FROM quotes q JOIN entities e ON e.id = q.speaker_entity_id
                    JOIN entities c ON c.id = COALESCE(e.canonical_id, e.id)
             GROUP BY c.id ORDER BY quotes DESC, c.name",
        )?;
        let names: Vec<String> = stmt
            .query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
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
    /// bare surnames linked to them.
    pub fn entity_ids(&self, name: &str) -> Result<Vec<i64>, StoreError> {
        let mut stmt = self.conn.prepare(
            "WITH named AS (
                 SELECT COALESCE(e.canonical_id, e.id) AS id FROM entities e WHERE e.name = ?1 COLLATE NOCASE
                 UNION SELECT COALESCE(e.canonical_id, e.id) FROM aliases al JOIN entities e ON e.id = al.entity_id WHERE al.alias = ?1 COLLATE NOCASE
                 UNION SELECT e.id FROM entities e WHERE e.kind = 'person' AND instr(?1, ' ') = 0 AND e.name LIKE '% ' || ?1)
             SELECT id FROM named UNION SELECT e.id FROM entities e JOIN named n ON e.canonical_id = n.id",
        )?;
        let rows = stmt.query_map([name], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The most quoted speakers (persons unless `all_kinds`).
    pub fn speakers(&self, limit: usize, all_kinds: bool) -> Result<Vec<SpeakerRow>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT c.id, c.name, c.kind, count(*) AS n, count(DISTINCT q.article_id)
             FROM quotes q JOIN entities e ON e.id = q.speaker_entity_id
                           JOIN entities c ON c.id = COALESCE(e.canonical_id, e.id)
             WHERE (?1 OR c.kind = 'person')
             GROUP BY c.id ORDER BY n DESC, c.name LIMIT ?2",
        )?;
        let rows = stmt.query_map(rusqlite::params![all_kinds, limit as i64], speaker_row)?;
        let mut out: Vec<SpeakerRow> = rows.collect::<Result<_, _>>()?;
        for s in &mut out {
            self.add_aliases(s)?;
            let mut stmt = self.conn.prepare_cached(
                "SELECT title || COALESCE(' of ' || of_entity, ''), count(*) AS n FROM roles WHERE entity_id = ?1 GROUP BY 1 ORDER BY n DESC LIMIT 3",
            )?;
            let roles = stmt.query_map([s.entity_id], |r| r.get::<_, String>(0))?;
            s.roles = roles.collect::<Result<_, _>>()?;
        }
        Ok(out)
    }

    /// Fills in a speaker's other spellings.
    pub(crate) fn add_aliases(&self, s: &mut SpeakerRow) -> Result<(), StoreError> {
        s.aliases = self
            .aliases(s.entity_id)?
            .into_iter()
            .filter(|a| a != &s.name)
            .collect();
        Ok(())
    }

    /// Every spelling of an entity and of the surnames linked to it.
    pub(crate) fn aliases(&self, id: i64) -> Result<Vec<String>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT DISTINCT alias FROM aliases WHERE entity_id = ?1 OR entity_id IN (SELECT id FROM entities WHERE canonical_id = ?1) ORDER BY alias",
        )?;
        let rows = stmt.query_map([id], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Calls `f` for every entity (for exports).
    pub fn for_each_entity(
        &self,
        mut f: impl FnMut(EntityRow) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let mut stmt = self
            .conn
            .prepare(&format!("{ENTITY_COLUMNS} ORDER BY e.id"))?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let mut e = entity_row(r)?;
            e.aliases = self.aliases(e.id)?;
            f(e)?;
        }
        Ok(())
    }

    /// One entity.
    pub fn entity(&self, id: i64) -> Result<Option<EntityRow>, StoreError> {
        let row = self
            .conn
            .query_row(
                &format!("{ENTITY_COLUMNS} WHERE e.id = ?1"),
                [id],
                entity_row,
            )
            .optional()?;
        match row {
            Some(mut e) => {
                e.aliases = self.aliases(e.id)?;
                Ok(Some(e))
            }
            None => Ok(None),
        }
    }

    /// Entities by mentions, most mentioned first.
    pub fn entities(&self, limit: usize, offset: usize) -> Result<Vec<EntityRow>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT e.id, e.name, e.kind, e.country, e.canonical_id, count(m.entity_id) AS n
             FROM entities e LEFT JOIN mentions m ON m.entity_id = e.id
             WHERE e.canonical_id IS NULL GROUP BY e.id ORDER BY n DESC, e.name LIMIT ?1 OFFSET ?2",
        )?;
        let rows = stmt.query_map([limit as i64, offset as i64], entity_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
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
