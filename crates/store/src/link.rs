//! Corpus-wide speaker identity: an article that names someone only by surname ("Trump",
//! "Mr. Clinton") gets the full-name person of the corpus that fits its own context.

use std::collections::HashMap;

use crate::db::{args, Db};
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
        self.db.transaction(link_in)
    }
}

/// The linking of [`Store::link_surnames`], inside its transaction.
fn link_in(tx: &Db) -> Result<usize, StoreError> {
    let surnames: Vec<(i64, String)> = tx.query(
        "SELECT id, name FROM entities WHERE kind = 'person' AND name NOT LIKE '% %' ORDER BY id",
        &[],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let mut by_last: HashMap<String, Vec<Candidate>> = HashMap::new();
    let mut by_first: HashMap<String, Vec<Candidate>> = HashMap::new();
    {
        let rows = tx.query(
                "SELECT e.id, e.name, e.female, (SELECT count(*) FROM mentions m WHERE m.entity_id = e.id)
                 FROM entities e WHERE e.kind = 'person' AND e.name LIKE '% %' ORDER BY e.id",
                &[],
                |r| {
                    Ok(Candidate {
                        id: r.get(0)?,
                        name: r.get(1)?,
                        female: r.get::<Option<i64>>(2)?.map(|f| f == 1),
                        mentions: r.get(3)?,
                    })
                },
            )?;
        for c in rows {
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
        let articles: Vec<i64> = tx.query(
                "SELECT article_id FROM mentions WHERE entity_id = ?1 UNION SELECT article_id FROM quotes WHERE speaker_entity_id = ?1 ORDER BY 1",
                args![surname_id],
                |r| r.get(0),
            )?;
        let mut chosen_count: HashMap<i64, usize> = HashMap::new();
        for article in articles {
            // the article's own context: the pronouns that stand for this person
            let (she, he): (i64, i64) = tx.query_one(
                    "SELECT sum(CASE WHEN lower(speaker_mention) IN ('she', 'her') THEN 1 ELSE 0 END),
                            sum(CASE WHEN lower(speaker_mention) IN ('he', 'him', 'his') THEN 1 ELSE 0 END)
                     FROM quotes WHERE article_id = ?1 AND speaker_entity_id = ?2",
                    args![article, surname_id],
                    |r| Ok((r.get::<Option<i64>>(0)?.unwrap_or(0), r.get::<Option<i64>>(1)?.unwrap_or(0))),
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
            tx.execute(
                "UPDATE mentions SET entity_id = ?1 WHERE article_id = ?2 AND entity_id = ?3",
                args![best.id, article, surname_id],
            )?;
            tx.execute(
                "UPDATE roles SET entity_id = ?1 WHERE article_id = ?2 AND entity_id = ?3",
                args![best.id, article, surname_id],
            )?;
            tx.execute(
                    "UPDATE quotes SET speaker_entity_id = ?1, speaker_name = ?2 WHERE article_id = ?3 AND speaker_entity_id = ?4",
                    args![best.id, &best.name, article, surname_id],
                )?;
            tx.execute(
                    "INSERT INTO aliases (entity_id, alias) VALUES (?1, ?2) ON CONFLICT(entity_id, alias) DO NOTHING",
                    args![best.id, &surname],
                )?;
            tx.execute(
                    "UPDATE event_actors SET entity_id = ?1 WHERE entity_id = ?3 AND event_id IN (SELECT id FROM events WHERE article_id = ?2)",
                    args![best.id, article, surname_id],
                )?;
            *chosen_count.entry(best.id).or_default() += 1;
            changed += 1;
        }
        if let Some((&canonical, _)) = chosen_count.iter().max_by_key(|(id, n)| (**n, -**id)) {
            tx.execute(
                "UPDATE entities SET canonical_id = ?1 WHERE id = ?2",
                args![canonical, surname_id],
            )?;
        }
    }
    Ok(changed)
}
