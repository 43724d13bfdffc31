//! Articles: one with everything found in it, lists, exports and counts.

use std::collections::HashMap;

use serde::Serialize;
use whosaid_analysis::{Attribution, EntityKind, QuoteKind};

use super::{article_matches, json, label, limit_arg};
use crate::db::{args, Dialect, Row};
use crate::{Store, StoreError};

/// Newest articles first, the undated last: the order of the article lists.
pub(super) const NEWEST: &str = "a.published_day DESC NULLS LAST, a.id DESC";

/// A stored article.
#[derive(Debug, Clone, Serialize)]
pub struct ArticleRow {
    /// Article id.
    pub id: i64,
    /// URL.
    pub url: Option<String>,
    /// Site.
    pub site: Option<String>,
    /// Title.
    pub title: Option<String>,
    /// Author.
    pub author: Option<String>,
    /// Publication date.
    pub published: Option<String>,
    /// SHA-256 of the text.
    pub content_hash: String,
    /// Number of quotes.
    pub quotes: i64,
    /// The text.
    pub text: String,
}

/// A quote inside an article, for rendering the article.
#[derive(Debug, Clone, Serialize)]
pub struct ArticleQuote {
    /// Quote id.
    pub id: i64,
    /// Direct or reported.
    pub kind: QuoteKind,
    /// The words.
    pub text: String,
    /// Content spans, byte offsets into the article text.
    pub content: Vec<[usize; 2]>,
    /// The cue.
    pub cue: Option<String>,
    /// Speaker name.
    pub speaker: Option<String>,
    /// Speaker's corpus-wide id.
    pub speaker_id: Option<i64>,
    /// How the speaker was found.
    pub attribution: Attribution,
}

/// An actor named in an article.
#[derive(Debug, Clone, Serialize)]
pub struct ArticleEntity {
    /// Corpus-wide id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Person, organisation or place.
    pub kind: EntityKind,
    /// Mentions in this article.
    pub mentions: i64,
    /// Roles this article states.
    pub roles: Vec<String>,
}

/// An article with everything found in it.
#[derive(Debug, Clone, Serialize)]
pub struct ArticleView {
    /// The article.
    #[serde(flatten)]
    pub article: ArticleRow,
    /// Paragraph spans.
    pub paragraphs: Vec<[usize; 2]>,
    /// Its quotes in text order.
    pub quotes: Vec<ArticleQuote>,
    /// Its actors, most mentioned first.
    pub entities: Vec<ArticleEntity>,
    /// Role flags raised in it.
    pub flags: Vec<String>,
    /// Other inputs its text was read from (URLs or local paths), first stored first.
    pub other_sources: Vec<String>,
}

/// How much the store holds.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Counts {
    /// Articles.
    pub articles: i64,
    /// Quotes.
    pub quotes: i64,
    /// Entities.
    pub entities: i64,
}

/// An [`ArticleRow`] from the columns id, url, site, title, author, published,
/// content_hash, quote_count, text (in that order).
pub(crate) fn article_row(r: &Row) -> Result<ArticleRow, StoreError> {
    Ok(ArticleRow {
        id: r.get(0)?,
        url: r.get(1)?,
        site: r.get(2)?,
        title: r.get(3)?,
        author: r.get(4)?,
        published: r.get(5)?,
        content_hash: r.get(6)?,
        quotes: r.get(7)?,
        text: r.get(8)?,
    })
}

impl Store {
    /// How many articles, quotes and entities the store holds.
    pub fn counts(&self) -> Result<Counts, StoreError> {
        self.db.query_one(
            "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM quotes), (SELECT count(*) FROM entities)",
            &[],
            |r| Ok(Counts { articles: r.get(0)?, quotes: r.get(1)?, entities: r.get(2)? }),
        )
    }

    /// Calls `f` for every article (for exports).
    pub fn for_each_article(
        &self,
        mut f: impl FnMut(ArticleRow) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        self.db.for_each(
            "SELECT id, url, site, title, author, published, content_hash, quote_count, text FROM articles ORDER BY id",
            &[],
            |r| f(article_row(r)?),
        )
    }

    /// One article with its quotes and actors.
    pub fn article(&self, id: i64) -> Result<Option<ArticleView>, StoreError> {
        let row = self.db.query_opt(
            "SELECT id, url, site, title, author, published, content_hash, quote_count, text, paragraphs FROM articles WHERE id = ?1",
            args![id],
            |r| Ok((article_row(r)?, json::<Vec<[usize; 2]>>(r, 9)?)),
        )?;
        let Some((article, paragraphs)) = row else {
            return Ok(None);
        };
        Ok(Some(ArticleView {
            article,
            paragraphs,
            quotes: self.article_quotes(id)?,
            entities: self.article_entities(id)?,
            flags: self.article_flags(id)?,
            other_sources: self.other_sources(id)?,
        }))
    }

    /// The other inputs an article's text was read from.
    fn other_sources(&self, id: i64) -> Result<Vec<String>, StoreError> {
        self.db.query(
            "SELECT COALESCE(url, source) FROM article_sources WHERE article_id = ?1 AND COALESCE(url, source) IS NOT NULL ORDER BY rowid",
            args![id],
            |r| r.get(0),
        )
    }

    /// The quotes of an article in text order.
    fn article_quotes(&self, id: i64) -> Result<Vec<ArticleQuote>, StoreError> {
        self.db.query(
            "SELECT q.id, q.kind, q.text, q.content, q.cue, COALESCE(c.name, q.speaker_name), c.id, q.attribution
             FROM quotes q LEFT JOIN entities e ON e.id = q.speaker_entity_id
                           LEFT JOIN entities c ON c.id = COALESCE(e.canonical_id, e.id)
             WHERE q.article_id = ?1 ORDER BY q.position",
            args![id],
            |r| {
            let content: String = r.get(3)?;
            Ok(ArticleQuote {
                id: r.get(0)?,
                kind: label(r, 1)?,
                text: r.get(2)?,
                content: serde_json::from_str(&content).unwrap_or_default(),
                cue: r.get(4)?,
                speaker: r.get(5)?,
                speaker_id: r.get(6)?,
                attribution: label(r, 7)?,
            })
        })
    }

    /// The actors of an article, most mentioned first, with the roles it states.
    fn article_entities(&self, id: i64) -> Result<Vec<ArticleEntity>, StoreError> {
        let mut entities = self.db.query(
            "SELECT c.id, c.name, c.kind, count(*) AS n FROM mentions m JOIN entities e ON e.id = m.entity_id
                    JOIN entities c ON c.id = COALESCE(e.canonical_id, e.id)
             WHERE m.article_id = ?1 GROUP BY c.id ORDER BY n DESC, c.name",
            args![id],
            |r| {
                Ok(ArticleEntity {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    kind: label(r, 2)?,
                    mentions: r.get(3)?,
                    roles: vec![],
                })
            },
        )?;
        // all the article's roles in one query (one per entity was a round trip each),
        // each entity's in the order the article first states them
        let roles: Vec<(i64, String)> = self.db.query(
            "SELECT entity_id, role FROM (
                 SELECT entity_id, title || COALESCE(' of ' || of_entity, '') AS role, min(start) AS first
                 FROM roles WHERE article_id = ?1 GROUP BY entity_id, title || COALESCE(' of ' || of_entity, '')
             ) stated ORDER BY entity_id, first, role",
            args![id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let mut by_entity: HashMap<i64, Vec<String>> = HashMap::new();
        for (entity, role) in roles {
            by_entity.entry(entity).or_default().push(role);
        }
        for e in &mut entities {
            e.roles = by_entity.remove(&e.id).unwrap_or_default();
        }
        Ok(entities)
    }

    /// The role flags raised in an article, as sentences.
    fn article_flags(&self, id: i64) -> Result<Vec<String>, StoreError> {
        self.db.query(
            "SELECT e.name || ' — “' || r.title || COALESCE(' of ' || r.of_entity, '') || '”: ' || r.reason
             FROM role_checks r JOIN entities e ON e.id = r.entity_id WHERE r.article_id = ?1 AND r.verdict = 'contradicted'",
            args![id],
            |r| r.get(0),
        )
    }

    /// Articles, newest first (by day, undated last), optionally matching a full-text query
    /// over title and text (then best first).
    pub fn articles(
        &self,
        query: Option<&str>,
        limit: usize,
        offset: usize,
    ) -> Result<Vec<ArticleRow>, StoreError> {
        let base = "SELECT a.id, a.url, a.site, a.title, a.author, a.published, a.content_hash, a.quote_count, substr(a.text, 1, 400) FROM articles a";
        let page = [limit_arg(limit).into(), offset.into()];
        match query {
            Some(q) => {
                let (sql, arg) = match self.db.dialect() {
                    Dialect::Sqlite => (
                        format!("{base} JOIN articles_fts f ON f.rowid = a.id WHERE articles_fts MATCH ? ORDER BY bm25(articles_fts) LIMIT ? OFFSET ?"),
                        super::fts_query(q)?.into(),
                    ),
                    Dialect::Postgres => {
                        let (cond, arg) = article_matches(Dialect::Postgres, q)?;
                        (format!("{base} WHERE {cond} ORDER BY ts_rank(a.search, websearch_to_tsquery('english', ?1)) DESC, a.id LIMIT ? OFFSET ?"), arg)
                    }
                };
                let [limit, offset] = page;
                self.db.query(&sql, &[arg, limit, offset], article_row)
            }
            // the page's ids first, so that the rows an offset skips are not read
            None => self.db.query(
                &format!(
                    "WITH page AS (SELECT a.id FROM articles a ORDER BY {NEWEST} LIMIT ? OFFSET ?)
                     {base} JOIN page p ON p.id = a.id ORDER BY {NEWEST}"
                ),
                &page,
                article_row,
            ),
        }
    }

    /// Articles whose stored quote count differs from the quotes present (should be none).
    pub fn incomplete_articles(&self) -> Result<i64, StoreError> {
        self.db.query_one(
            "SELECT count(*) FROM articles a WHERE a.quote_count != (SELECT count(*) FROM quotes q WHERE q.article_id = a.id)",
            &[],
            |r| r.get(0),
        )
    }
}
