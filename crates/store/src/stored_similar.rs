//! The corpus-wide comparisons kept in the store (migration 7): versions of a quote and
//! copied articles are computed once, at the end of an ingest, by
//! [`Store::refresh_similar`], and read a page at a time. A request never compares the
//! whole corpus (on 20,840 articles `/variants` took 212 s and 3 GB per request).

use serde::Serialize;

use crate::db::{args, Value};
use crate::query::limit_arg;
use crate::similar::{CopyPair, VariantGroup};
use crate::{Store, StoreError};

/// Copy pairs are kept from this similarity up (word-trigram Jaccard).
pub const MIN_COPY_SIMILARITY: f64 = 0.3;

/// What the stored comparisons were computed over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SimilarState {
    /// Articles in the store when they were computed (`None`: never).
    pub computed_over: Option<i64>,
    /// Articles in the store now.
    pub articles: i64,
    /// True when articles were added or replaced since.
    pub stale: bool,
}

/// A page of stored results and how many there are in all.
#[derive(Debug, Clone, Serialize)]
pub struct Page<T> {
    /// The rows of this page.
    pub rows: Vec<T>,
    /// All rows that match.
    pub total: usize,
}

impl Store {
    /// Compares the whole corpus again and replaces the stored versions of quotes and
    /// copy pairs, in one transaction. Called at the end of each ingest that changed
    /// something; returns how many groups and pairs were stored.
    pub fn refresh_similar(&mut self) -> Result<(usize, usize), StoreError> {
        let groups = self.variants(None, 2)?;
        let pairs = self.copies(MIN_COPY_SIMILARITY)?;
        let (articles, last): (i64, Option<i64>) =
            self.db
                .query_one("SELECT COUNT(*), MAX(id) FROM articles", &[], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })?;
        self.db.transaction(|tx| {
            tx.batch("DELETE FROM variant_speakers; DELETE FROM variant_groups; DELETE FROM copy_pairs")?;
            for (rank, g) in groups.iter().enumerate() {
                let id = rank as i64 + 1;
                let body = serde_json::to_string(g)?;
                tx.execute(
                    "INSERT INTO variant_groups (id, speaker_id, articles, sites, body) VALUES (?1, ?2, ?3, ?4, ?5)",
                    args![id, g.speaker_id, g.articles, g.sites, body],
                )?;
                for s in &g.named {
                    tx.execute(
                        "INSERT INTO variant_speakers (group_id, speaker_id) VALUES (?1, ?2)",
                        args![id, *s],
                    )?;
                }
            }
            for (rank, p) in pairs.iter().enumerate() {
                tx.execute(
                    "INSERT INTO copy_pairs (id, similarity, older_id, newer_id) VALUES (?1, ?2, ?3, ?4)",
                    args![rank + 1, p.similarity, p.older.id, p.newer.id],
                )?;
            }
            tx.execute(
                "UPDATE similar_state SET articles = ?1, last_article = ?2",
                args![articles, last],
            )?;
            Ok((groups.len(), pairs.len()))
        })
    }

    /// What the stored comparisons were computed over, and whether the store changed since.
    pub fn similar_state(&self) -> Result<SimilarState, StoreError> {
        let (computed, last): (Option<i64>, Option<i64>) = self.db.query_one(
            "SELECT articles, last_article FROM similar_state",
            &[],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let (articles, now_last): (i64, Option<i64>) =
            self.db
                .query_one("SELECT COUNT(*), MAX(id) FROM articles", &[], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })?;
        Ok(SimilarState {
            computed_over: computed,
            articles,
            stale: computed != Some(articles) || last != now_last,
        })
    }

    /// A page of the stored versions of quotes, widest spread first: only groups quoted
    /// in at least `min_articles` articles, and with `speaker` (a name or alias) only
    /// those where some version names that speaker.
    pub fn variant_page(
        &self,
        speaker: Option<&str>,
        min_articles: usize,
        limit: usize,
        offset: usize,
    ) -> Result<Page<VariantGroup>, StoreError> {
        let ids = match speaker {
            Some(name) => Some(self.entity_ids(name)?),
            None => None,
        };
        // a speaker filter is the list of their ids, one placeholder each
        let mut filter = String::from("articles >= ?");
        let mut params: Vec<Value> = vec![min_articles.into()];
        if let Some(ids) = &ids {
            filter.push_str(&format!(
                " AND id IN (SELECT group_id FROM variant_speakers WHERE speaker_id IN ({}))",
                vec!["?"; ids.len().max(1)].join(",")
            ));
            params.extend(ids.iter().map(|&i| Value::from(i)));
            if ids.is_empty() {
                params.push(Value::Null);
            }
        }
        let total: i64 = self.db.query_one(
            &format!("SELECT COUNT(*) FROM variant_groups WHERE {filter}"),
            &params,
            |r| r.get(0),
        )?;
        params.push(limit_arg(limit).into());
        params.push(offset.into());
        let rows = self
            .db
            .query(
                &format!(
                    "SELECT body FROM variant_groups WHERE {filter} ORDER BY id LIMIT ? OFFSET ?"
                ),
                &params,
                |r| r.get::<String>(0),
            )?
            .iter()
            .map(|body| Ok(serde_json::from_str::<VariantGroup>(body)?))
            .collect::<Result<Vec<_>, StoreError>>()?;
        Ok(Page {
            rows,
            total: total as usize,
        })
    }

    /// A page of the stored copy pairs with at least `threshold` similarity (from
    /// [`MIN_COPY_SIMILARITY`] up), most similar first.
    pub fn copy_page(
        &self,
        threshold: f64,
        limit: usize,
        offset: usize,
    ) -> Result<Page<CopyPair>, StoreError> {
        let threshold = threshold.max(MIN_COPY_SIMILARITY);
        let total: i64 = self.db.query_one(
            "SELECT COUNT(*) FROM copy_pairs WHERE similarity >= ?1",
            args![threshold],
            |r| r.get(0),
        )?;
        let found = self.db.query(
            "SELECT similarity, older_id, newer_id FROM copy_pairs WHERE similarity >= ?1
             ORDER BY id LIMIT ?2 OFFSET ?3",
            args![threshold, limit_arg(limit), offset],
            |r| Ok((r.get::<f64>(0)?, r.get::<i64>(1)?, r.get::<i64>(2)?)),
        )?;
        let mut rows = Vec::with_capacity(found.len());
        for (similarity, older, newer) in found {
            let (Some(older), Some(newer)) = (self.brief(older)?, self.brief(newer)?) else {
                continue;
            };
            rows.push(CopyPair {
                similarity,
                older,
                newer,
            });
        }
        Ok(Page {
            rows,
            total: total as usize,
        })
    }

    fn brief(&self, id: i64) -> Result<Option<crate::ArticleBrief>, StoreError> {
        self.db.query_opt(
            "SELECT id, title, site, url, published FROM articles WHERE id = ?1",
            args![id],
            |r| {
                Ok(crate::ArticleBrief {
                    id: r.get(0)?,
                    title: r.get(1)?,
                    site: r.get(2)?,
                    url: r.get(3)?,
                    published: r.get(4)?,
                })
            },
        )
    }
}
