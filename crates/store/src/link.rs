//! Corpus-wide speaker identity: an article that names someone only by surname ("Trump",
//! "Mr. Clinton") gets the full-name person of the corpus that fits its own context.

use std::collections::HashMap;

use rusqlite::params;

use crate::{Store, StoreError};

#[derive(Debug, Clone)]
struct Candidate {
    id: i64,
    name: String,
    female: Option<bool>,
    mentions: i64,
}

fn has_suffix(name: &str) -> bool {
    name.split_whitespace()
        .any(|w| matches!(w.trim_end_matches('.'), "Jr" | "Sr" | "II" | "III"))
}

impl Store {
    /// Links bare-surname persons, article by article, to a full-name person: one whose
    /// last (else first) name it is, of the gender the article's pronouns give it, and
    /// among those the most mentioned in the corpus. Returns the number of articles changed.
    pub fn link_surnames(&mut self) -> Result<usize, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let surnames: Vec<(i64, String)> = {
            let mut stmt = tx.prepare(
                "SELECT id, name FROM entities WHERE kind = 'person' AND instr(name, ' ') = 0",
            )?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect::<Result<_, _>>()?
        };
        let mut by_last: HashMap<String, Vec<Candidate>> = HashMap::new();
        let mut by_first: HashMap<String, Vec<Candidate>> = HashMap::new();
        {
            let mut stmt = tx.prepare(
                "SELECT e.id, e.name, e.female, (SELECT count(*) FROM mentions m WHERE m.entity_id = e.id)
                 FROM entities e WHERE e.kind = 'person' AND instr(e.name, ' ') > 0",
            )?;
            let rows = stmt.query_map([], |r| {
                Ok(Candidate {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    female: r.get::<_, Option<i64>>(2)?.map(|f| f == 1),
                    mentions: r.get(3)?,
                })
            })?;
            for c in rows {
                let c = c?;
                if has_suffix(&c.name) {
                    continue;
                }
                let words: Vec<&str> = c.name.split_whitespace().collect();
                if let (Some(first), Some(last)) = (words.first(), words.last()) {
                    by_last.entry(last.to_string()).or_default().push(c.clone());
                    by_first
                        .entry(first.to_string())
                        .or_default()
                        .push(c.clone());
                }
            }
        }
        let mut changed = 0;
        for (surname_id, surname) in surnames {
            let candidates = match by_last.get(&surname).or_else(|| by_first.get(&surname)) {
                Some(c) if !c.is_empty() => c,
                _ => continue,
            };
            let articles: Vec<i64> = {
                let mut stmt = tx.prepare(
                    "SELECT article_id FROM mentions WHERE entity_id = ?1 UNION SELECT article_id FROM quotes WHERE speaker_entity_id = ?1",
                )?;
                let rows = stmt.query_map([surname_id], |r| r.get(0))?;
                rows.collect::<Result<_, _>>()?
            };
            let mut chosen_count: HashMap<i64, usize> = HashMap::new();
            for article in articles {
                // the article's own context: the pronouns that stand for this person
                let (she, he): (i64, i64) = tx.query_row(
                    "SELECT sum(lower(speaker_mention) IN ('she', 'her')), sum(lower(speaker_mention) IN ('he', 'him', 'his'))
                     FROM quotes WHERE article_id = ?1 AND speaker_entity_id = ?2",
                    params![article, surname_id],
                    |r| Ok((r.get::<_, Option<i64>>(0)?.unwrap_or(0), r.get::<_, Option<i64>>(1)?.unwrap_or(0))),
                )?;
                let gender = if she > he {
                    Some(true)
                } else if he > she {
                    Some(false)
                } else {
                    None
                };
                let fitting: Vec<&Candidate> = candidates
                    .iter()
                    .filter(|c| gender.is_none() || c.female.is_none() || c.female == gender)
                    .collect();
                let pool = if fitting.is_empty() {
                    candidates.iter().collect()
                } else {
                    fitting
                };
                let Some(best) = pool.into_iter().max_by_key(|c| (c.mentions, -c.id)) else {
                    continue;
                };
                tx.prepare_cached(
                    "UPDATE mentions SET entity_id = ?1 WHERE article_id = ?2 AND entity_id = ?3",
                )?
                .execute(params![best.id, article, surname_id])?;
                tx.prepare_cached(
                    "UPDATE roles SET entity_id = ?1 WHERE article_id = ?2 AND entity_id = ?3",
                )?
                .execute(params![best.id, article, surname_id])?;
                tx.prepare_cached(
                    "UPDATE quotes SET speaker_entity_id = ?1, speaker_name = ?2 WHERE article_id = ?3 AND speaker_entity_id = ?4",
                )?
                .execute(params![best.id, best.name, article, surname_id])?;
                tx.prepare_cached(
                    "INSERT INTO aliases (entity_id, alias) VALUES (?1, ?2) ON CONFLICT(entity_id, alias) DO NOTHING",
                )?
                .execute(params![best.id, surname])?;
                tx.prepare_cached(
                    "UPDATE event_actors SET entity_id = ?1 WHERE entity_id = ?3 AND event_id IN (SELECT id FROM events WHERE article_id = ?2)",
                )?
                .execute(params![best.id, article, surname_id])?;
                *chosen_count.entry(best.id).or_default() += 1;
                changed += 1;
            }
            if let Some((&canonical, _)) = chosen_count.iter().max_by_key(|(id, n)| (**n, -**id)) {
                tx.prepare_cached("UPDATE entities SET canonical_id = ?1 WHERE id = ?2")?
                    .execute(params![canonical, surname_id])?;
            }
        }
        tx.commit()?;
        Ok(changed)
    }
}
