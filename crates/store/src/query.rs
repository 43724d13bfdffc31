//! Reading the store: speakers, quotes with filters, full-text search, exports.

use rusqlite::{params_from_iter, types::Value, OptionalExtension, Row};
use serde::Serialize;

use crate::{Store, StoreError};

/// A speaker and how often they are quoted.
#[derive(Debug, Clone, Serialize)]
pub struct SpeakerRow {
    /// Corpus-wide entity id.
    pub entity_id: i64,
    /// Canonical name.
    pub name: String,
    /// person | organization | place.
    pub kind: String,
    /// Quotes attributed to them.
    pub quotes: i64,
    /// Articles they are quoted in.
    pub articles: i64,
    /// Other spellings seen.
    pub aliases: Vec<String>,
    /// Roles the texts gave them, most frequent first.
    pub roles: Vec<String>,
}

/// One stored quote with its article.
#[derive(Debug, Clone, Serialize)]
pub struct QuoteRow {
    /// Quote id.
    pub id: i64,
    /// direct | reported.
    pub kind: String,
    /// The quoted words.
    pub text: String,
    /// The speaker's name, if any.
    pub speaker: Option<String>,
    /// The speaker's corpus-wide entity id.
    pub speaker_id: Option<i64>,
    /// The words naming the speaker in the text.
    pub speaker_mention: Option<String>,
    /// The cue.
    pub cue: Option<String>,
    /// cue | enclosing | continuation | none.
    pub attribution: String,
    /// Article id.
    pub article_id: i64,
    /// Article title.
    pub title: Option<String>,
    /// Article URL.
    pub url: Option<String>,
    /// Article site.
    pub site: Option<String>,
    /// Article publication date.
    pub published: Option<String>,
}

/// Filters for [`Store::quotes`].
#[derive(Debug, Clone, Default)]
pub struct QuoteFilter {
    /// A speaker's name or alias (case-insensitive).
    pub speaker: Option<String>,
    /// An entity the quote is about (named inside the quote), or words it contains.
    pub about: Option<String>,
    /// Published on or after this day (YYYY-MM-DD).
    pub since: Option<String>,
    /// Published on or before this day (YYYY-MM-DD).
    pub until: Option<String>,
    /// Site name.
    pub site: Option<String>,
    /// direct | reported.
    pub kind: Option<String>,
    /// An FTS5 query over the quote text.
    pub text: Option<String>,
    /// A speaker's corpus-wide entity id (with the surnames linked to it).
    pub speaker_id: Option<i64>,
    /// At most this many rows.
    pub limit: usize,
    /// Skip this many rows.
    pub offset: usize,
}

/// A full-text hit.
#[derive(Debug, Clone, Serialize)]
pub struct SearchHit {
    /// The quote.
    #[serde(flatten)]
    pub quote: QuoteRow,
    /// The matching words in context, marked with `[` and `]`.
    pub snippet: String,
    /// BM25 rank (lower is better).
    pub rank: f64,
}

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

/// A corpus-wide entity.
#[derive(Debug, Clone, Serialize)]
pub struct EntityRow {
    /// Entity id.
    pub id: i64,
    /// Canonical name.
    pub name: String,
    /// person | organization | place.
    pub kind: String,
    /// ISO alpha-3 for countries.
    pub country: Option<String>,
    /// The entity this bare surname was linked to.
    pub canonical_id: Option<i64>,
    /// Mentions across the corpus.
    pub mentions: i64,
    /// Spellings seen.
    pub aliases: Vec<String>,
}

/// A stored event with its article.
#[derive(Debug, Clone, Serialize)]
pub struct EventRow {
    /// Event id.
    pub id: i64,
    /// PLOVER type.
    pub kind: String,
    /// The trigger words.
    pub trigger: String,
    /// happened | scheduled | negated.
    pub status: String,
    /// The time expression.
    pub date_text: Option<String>,
    /// Its resolved value.
    pub date_value: Option<String>,
    /// The place.
    pub place: Option<String>,
    /// Source actors (JSON).
    pub source: serde_json::Value,
    /// Target actors (JSON).
    pub target: serde_json::Value,
    /// The sentence.
    pub sentence: String,
    /// Article id.
    pub article_id: i64,
    /// Article title.
    pub title: Option<String>,
    /// Article publication date.
    pub published: Option<String>,
    /// True when the event stands in a relative or adverbial clause: context, not the
    /// sentence's main report.
    pub background: bool,
}

/// Filters for [`Store::events`].
#[derive(Debug, Clone, Default)]
pub struct EventFilter {
    /// PLOVER type.
    pub kind: Option<String>,
    /// An actor (name or alias) taking part as source or target.
    pub actor: Option<String>,
    /// A country or organisation code (RUS, IGO) of an actor.
    pub code: Option<String>,
    /// Published on or after.
    pub since: Option<String>,
    /// Published on or before.
    pub until: Option<String>,
    /// Only the main report of each sentence, no background events.
    pub main_only: bool,
    /// Only the events of this article.
    pub article_id: Option<i64>,
    /// At most this many.
    pub limit: usize,
}

/// A stated role the record contradicts.
#[derive(Debug, Clone, Serialize)]
pub struct FlagRow {
    /// The person.
    pub person: String,
    /// Their Wikidata id.
    pub wikidata: Option<String>,
    /// The title as stated.
    pub title: String,
    /// The country or organisation stated with it.
    pub of: Option<String>,
    /// The day checked.
    pub checked_on: Option<String>,
    /// What the record says.
    pub reason: String,
    /// The terms that show it (JSON).
    pub evidence: serde_json::Value,
    /// Article title.
    pub article: Option<String>,
    /// Article URL.
    pub url: Option<String>,
}

/// A quote inside an article, for rendering the article.
#[derive(Debug, Clone, Serialize)]
pub struct ArticleQuote {
    /// Quote id.
    pub id: i64,
    /// direct | reported.
    pub kind: String,
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
    /// cue | enclosing | continuation | none.
    pub attribution: String,
}

/// An actor named in an article.
#[derive(Debug, Clone, Serialize)]
pub struct ArticleEntity {
    /// Corpus-wide id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// person | organization | place.
    pub kind: String,
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

const QUOTE_COLUMNS: &str = "q.id, q.kind, q.text, COALESCE(c.name, q.speaker_name), COALESCE(e.canonical_id, e.id), q.speaker_mention, q.cue, q.attribution,
     a.id, a.title, a.url, a.site, a.published";
const QUOTE_JOINS: &str = "FROM quotes q JOIN articles a ON a.id = q.article_id
     LEFT JOIN entities e ON e.id = q.speaker_entity_id
     LEFT JOIN entities c ON c.id = COALESCE(e.canonical_id, e.id)";

/// An [`ArticleRow`] from the columns id, url, site, title, author, published,
/// content_hash, quote_count, text (in that order).
fn article_row(r: &Row) -> rusqlite::Result<ArticleRow> {
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

fn quote_row(r: &Row) -> rusqlite::Result<QuoteRow> {
    Ok(QuoteRow {
        id: r.get(0)?,
        kind: r.get(1)?,
        text: r.get(2)?,
        speaker: r.get(3)?,
        speaker_id: r.get(4)?,
        speaker_mention: r.get(5)?,
        cue: r.get(6)?,
        attribution: r.get(7)?,
        article_id: r.get(8)?,
        title: r.get(9)?,
        url: r.get(10)?,
        site: r.get(11)?,
        published: r.get(12)?,
    })
}

impl Store {
    /// How many articles, quotes and entities the store holds.
    pub fn counts(&self) -> Result<Counts, StoreError> {
        Ok(self.conn.query_row(
            "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM quotes), (SELECT count(*) FROM entities)",
            [],
            |r| Ok(Counts { articles: r.get(0)?, quotes: r.get(1)?, entities: r.get(2)? }),
        )?)
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
        let rows = stmt.query_map(rusqlite::params![all_kinds, limit as i64], |r| {
            Ok(SpeakerRow {
                entity_id: r.get(0)?,
                name: r.get(1)?,
                kind: r.get(2)?,
                quotes: r.get(3)?,
                articles: r.get(4)?,
                aliases: vec![],
                roles: vec![],
            })
        })?;
        let mut out: Vec<SpeakerRow> = rows.collect::<Result<_, _>>()?;
        for s in &mut out {
            s.aliases = self
                .aliases(s.entity_id)?
                .into_iter()
                .filter(|a| a != &s.name)
                .collect();
            let mut stmt = self.conn.prepare_cached(
                "SELECT title || COALESCE(' of ' || of_entity, ''), count(*) AS n FROM roles WHERE entity_id = ?1 GROUP BY 1 ORDER BY n DESC LIMIT 3",
            )?;
            let roles = stmt.query_map([s.entity_id], |r| r.get::<_, String>(0))?;
            s.roles = roles.collect::<Result<_, _>>()?;
        }
        Ok(out)
    }

    fn aliases(&self, id: i64) -> Result<Vec<String>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT DISTINCT alias FROM aliases WHERE entity_id = ?1 OR entity_id IN (SELECT id FROM entities WHERE canonical_id = ?1) ORDER BY alias",
        )?;
        let rows = stmt.query_map([id], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Quotes matching a filter, in article date then text order.
    pub fn quotes(&self, f: &QuoteFilter) -> Result<Vec<QuoteRow>, StoreError> {
        let mut sql = format!("SELECT {QUOTE_COLUMNS} {QUOTE_JOINS} WHERE 1 = 1");
        let mut args: Vec<Value> = Vec::new();
        if let Some(name) = &f.speaker {
            let ids = self.entity_ids(name)?;
            if ids.is_empty() {
                return Ok(vec![]);
            }
            sql.push_str(&format!(
                " AND q.speaker_entity_id IN ({})",
                vec!["?"; ids.len()].join(",")
            ));
            args.extend(ids.into_iter().map(Value::Integer));
        }
        if let Some(id) = f.speaker_id {
            sql.push_str(" AND COALESCE(e.canonical_id, e.id) = ?");
            args.push(Value::Integer(id));
        }
        if let Some(about) = &f.about {
            let ids = self.entity_ids(about)?;
            let mut cond = String::from(" AND (q.text LIKE ? ESCAPE '\\'");
            args.push(Value::Text(format!(
                "%{}%",
                about
                    .replace('\\', "\\\\")
                    .replace('%', "\\%")
                    .replace('_', "\\_")
            )));
            if !ids.is_empty() {
                cond.push_str(&format!(
                    " OR EXISTS (SELECT 1 FROM mentions m WHERE m.article_id = q.article_id AND m.start >= q.start AND m.end <= q.end AND m.entity_id IN ({}))",
                    vec!["?"; ids.len()].join(",")
                ));
                args.extend(ids.into_iter().map(Value::Integer));
            }
            cond.push(')');
            sql.push_str(&cond);
        }
        if let Some(since) = &f.since {
            sql.push_str(" AND a.published_day >= ?");
            args.push(Value::Text(since.clone()));
        }
        if let Some(until) = &f.until {
            sql.push_str(" AND a.published_day <= ?");
            args.push(Value::Text(until.clone()));
        }
        if let Some(site) = &f.site {
            sql.push_str(" AND a.site = ? COLLATE NOCASE");
            args.push(Value::Text(site.clone()));
        }
        if let Some(kind) = &f.kind {
            sql.push_str(" AND q.kind = ?");
            args.push(Value::Text(kind.clone()));
        }
        if let Some(text) = &f.text {
            sql.push_str(" AND q.id IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?)");
            args.push(Value::Text(text.clone()));
        }
        sql.push_str(" ORDER BY a.published_day, a.id, q.position LIMIT ? OFFSET ?");
        args.push(Value::Integer(if f.limit == 0 {
            -1
        } else {
            f.limit as i64
        }));
        args.push(Value::Integer(f.offset as i64));
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(params_from_iter(args), quote_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Full-text search over quote text, best first (BM25), with snippets.
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>, StoreError> {
        let sql = format!(
            "SELECT {QUOTE_COLUMNS}, snippet(quotes_fts, 0, '[', ']', '…', 16), bm25(quotes_fts)
             FROM quotes_fts JOIN quotes q ON q.id = quotes_fts.rowid JOIN articles a ON a.id = q.article_id
             LEFT JOIN entities e ON e.id = q.speaker_entity_id
             LEFT JOIN entities c ON c.id = COALESCE(e.canonical_id, e.id)
             WHERE quotes_fts MATCH ?1 ORDER BY bm25(quotes_fts) LIMIT ?2"
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(rusqlite::params![query, limit as i64], |r| {
            Ok(SearchHit {
                quote: quote_row(r)?,
                snippet: r.get(13)?,
                rank: r.get(14)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Calls `f` for every quote, in storage order (for exports).
    pub fn for_each_quote(
        &self,
        mut f: impl FnMut(QuoteRow) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {QUOTE_COLUMNS} {QUOTE_JOINS} ORDER BY q.id"
        ))?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            f(quote_row(r)?)?;
        }
        Ok(())
    }

    /// Calls `f` for every article (for exports).
    pub fn for_each_article(
        &self,
        mut f: impl FnMut(ArticleRow) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT id, url, site, title, author, published, content_hash, quote_count, text FROM articles ORDER BY id",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            f(article_row(r)?)?;
        }
        Ok(())
    }

    /// Calls `f` for every entity (for exports).
    pub fn for_each_entity(
        &self,
        mut f: impl FnMut(EntityRow) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT e.id, e.name, e.kind, e.country, e.canonical_id, (SELECT count(*) FROM mentions m WHERE m.entity_id = e.id)
             FROM entities e ORDER BY e.id",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            f(EntityRow {
                id,
                name: r.get(1)?,
                kind: r.get(2)?,
                country: r.get(3)?,
                canonical_id: r.get(4)?,
                mentions: r.get(5)?,
                aliases: self.aliases(id)?,
            })?;
        }
        Ok(())
    }

    /// Events matching a filter, in article date order.
    pub fn events(&self, f: &EventFilter) -> Result<Vec<EventRow>, StoreError> {
        let mut sql = String::from(
            "SELECT ev.id, ev.kind, ev.trigger, ev.status, ev.date_text, ev.date_value, ev.place, ev.source, ev.target, ev.sentence,
                    a.id, a.title, a.published, ev.background
             FROM events ev JOIN articles a ON a.id = ev.article_id WHERE 1 = 1",
        );
        let mut args: Vec<Value> = Vec::new();
        if let Some(kind) = &f.kind {
            sql.push_str(" AND ev.kind = ? COLLATE NOCASE");
            args.push(Value::Text(kind.clone()));
        }
        if let Some(name) = &f.actor {
            let ids = self.entity_ids(name)?;
            if ids.is_empty() {
                return Ok(vec![]);
            }
            sql.push_str(&format!(
                " AND ev.id IN (SELECT event_id FROM event_actors WHERE entity_id IN ({}))",
                vec!["?"; ids.len()].join(",")
            ));
            args.extend(ids.into_iter().map(Value::Integer));
        }
        if let Some(code) = &f.code {
            sql.push_str(
                " AND ev.id IN (SELECT event_id FROM event_actors WHERE code = ? COLLATE NOCASE)",
            );
            args.push(Value::Text(code.clone()));
        }
        if let Some(since) = &f.since {
            sql.push_str(" AND a.published_day >= ?");
            args.push(Value::Text(since.clone()));
        }
        if let Some(until) = &f.until {
            sql.push_str(" AND a.published_day <= ?");
            args.push(Value::Text(until.clone()));
        }
        if f.main_only {
            sql.push_str(" AND ev.background = 0");
        }
        if let Some(id) = f.article_id {
            sql.push_str(" AND ev.article_id = ?");
            args.push(Value::Integer(id));
        }
        sql.push_str(" ORDER BY a.published_day, a.id, ev.position LIMIT ?");
        args.push(Value::Integer(if f.limit == 0 {
            -1
        } else {
            f.limit as i64
        }));
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(params_from_iter(args), |r| {
            let source: String = r.get(7)?;
            let target: String = r.get(8)?;
            Ok(EventRow {
                id: r.get(0)?,
                kind: r.get(1)?,
                trigger: r.get(2)?,
                status: r.get(3)?,
                date_text: r.get(4)?,
                date_value: r.get(5)?,
                place: r.get(6)?,
                source: serde_json::from_str(&source).unwrap_or(serde_json::Value::Null),
                target: serde_json::from_str(&target).unwrap_or(serde_json::Value::Null),
                sentence: r.get(9)?,
                article_id: r.get(10)?,
                title: r.get(11)?,
                published: r.get(12)?,
                background: r.get(13)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Every stated role the office-holder record contradicts, newest articles first.
    pub fn role_flags(&self, limit: usize) -> Result<Vec<FlagRow>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT e.name, e.wikidata, r.title, r.of_entity, r.checked_on, r.reason, r.evidence, a.title, a.url
             FROM role_checks r JOIN entities e ON e.id = r.entity_id JOIN articles a ON a.id = r.article_id
             WHERE r.verdict = 'contradicted' ORDER BY a.published_day DESC, a.id LIMIT ?1",
        )?;
        let rows = stmt.query_map([if limit == 0 { -1 } else { limit as i64 }], |r| {
            let evidence: String = r.get(6)?;
            Ok(FlagRow {
                person: r.get(0)?,
                wikidata: r.get(1)?,
                title: r.get(2)?,
                of: r.get(3)?,
                checked_on: r.get(4)?,
                reason: r.get(5)?,
                evidence: serde_json::from_str(&evidence).unwrap_or(serde_json::Value::Null),
                article: r.get(7)?,
                url: r.get(8)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// One article with its quotes and actors.
    pub fn article(&self, id: i64) -> Result<Option<ArticleView>, StoreError> {
        let row = self
            .conn
            .query_row(
                "SELECT id, url, site, title, author, published, content_hash, quote_count, text, paragraphs FROM articles WHERE id = ?1",
                [id],
                |r| {
                    Ok((
                        article_row(r)?,
                        r.get::<_, String>(9)?,
                    ))
                },
            )
            .optional()?;
        let Some((article, paragraphs)) = row else {
            return Ok(None);
        };
        let paragraphs: Vec<[usize; 2]> = serde_json::from_str(&paragraphs)?;
        let mut stmt = self.conn.prepare(
            "SELECT q.id, q.kind, q.text, q.content, q.cue, COALESCE(c.name, q.speaker_name), c.id, q.attribution
             FROM quotes q LEFT JOIN entities e ON e.id = q.speaker_entity_id
                           LEFT JOIN entities c ON c.id = COALESCE(e.canonical_id, e.id)
             WHERE q.article_id = ?1 ORDER BY q.position",
        )?;
        let quotes = stmt
            .query_map([id], |r| {
                let content: String = r.get(3)?;
                Ok(ArticleQuote {
                    id: r.get(0)?,
                    kind: r.get(1)?,
                    text: r.get(2)?,
                    content: serde_json::from_str(&content).unwrap_or_default(),
                    cue: r.get(4)?,
                    speaker: r.get(5)?,
                    speaker_id: r.get(6)?,
                    attribution: r.get(7)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        let mut stmt = self.conn.prepare(
            "SELECT c.id, c.name, c.kind, count(*) AS n FROM mentions m JOIN entities e ON e.id = m.entity_id
                    JOIN entities c ON c.id = COALESCE(e.canonical_id, e.id)
             WHERE m.article_id = ?1 GROUP BY c.id ORDER BY n DESC, c.name",
        )?;
        let mut entities = stmt
            .query_map([id], |r| {
                Ok(ArticleEntity {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    kind: r.get(2)?,
                    mentions: r.get(3)?,
                    roles: vec![],
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        for e in &mut entities {
            let mut stmt = self.conn.prepare_cached(
                "SELECT DISTINCT title || COALESCE(' of ' || of_entity, '') FROM roles WHERE article_id = ?1 AND entity_id = ?2",
            )?;
            e.roles = stmt
                .query_map([id, e.id], |r| r.get(0))?
                .collect::<Result<Vec<_>, _>>()?;
        }
        let mut stmt = self.conn.prepare(
            "SELECT e.name || ' — “' || r.title || COALESCE(' of ' || r.of_entity, '') || '”: ' || r.reason
             FROM role_checks r JOIN entities e ON e.id = r.entity_id WHERE r.article_id = ?1 AND r.verdict = 'contradicted'",
        )?;
        let flags = stmt
            .query_map([id], |r| r.get(0))?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Some(ArticleView {
            article,
            paragraphs,
            quotes,
            entities,
            flags,
        }))
    }

    /// One entity.
    pub fn entity(&self, id: i64) -> Result<Option<EntityRow>, StoreError> {
        let row = self
            .conn
            .query_row(
                "SELECT e.id, e.name, e.kind, e.country, e.canonical_id, (SELECT count(*) FROM mentions m WHERE m.entity_id = e.id)
                 FROM entities e WHERE e.id = ?1",
                [id],
                |r| {
                    Ok(EntityRow {
                        id: r.get(0)?,
                        name: r.get(1)?,
                        kind: r.get(2)?,
                        country: r.get(3)?,
                        canonical_id: r.get(4)?,
                        mentions: r.get(5)?,
                        aliases: vec![],
                    })
                },
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
        let rows = stmt.query_map([limit as i64, offset as i64], |r| {
            Ok(EntityRow {
                id: r.get(0)?,
                name: r.get(1)?,
                kind: r.get(2)?,
                country: r.get(3)?,
                canonical_id: r.get(4)?,
                mentions: r.get(5)?,
                aliases: vec![],
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Articles, newest first, optionally matching a full-text query over title and text.
    pub fn articles(
        &self,
        query: Option<&str>,
        limit: usize,
        offset: usize,
    ) -> Result<Vec<ArticleRow>, StoreError> {
        let base = "SELECT a.id, a.url, a.site, a.title, a.author, a.published, a.content_hash, a.quote_count, substr(a.text, 1, 400) FROM articles a";
        let (sql, args): (String, Vec<Value>) = match query {
            Some(q) => (
                format!("{base} JOIN articles_fts f ON f.rowid = a.id WHERE articles_fts MATCH ?1 ORDER BY bm25(articles_fts) LIMIT ?2 OFFSET ?3"),
                vec![Value::Text(q.to_string()), Value::Integer(limit as i64), Value::Integer(offset as i64)],
            ),
            None => (
                format!("{base} ORDER BY a.published_day IS NULL, a.published_day DESC, a.id DESC LIMIT ?1 OFFSET ?2"),
                vec![Value::Integer(limit as i64), Value::Integer(offset as i64)],
            ),
        };
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(params_from_iter(args), article_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Articles whose stored quote count differs from the quotes present (should be none).
    pub fn incomplete_articles(&self) -> Result<i64, StoreError> {
        Ok(self.conn.query_row(
            "SELECT count(*) FROM articles a WHERE a.quote_count != (SELECT count(*) FROM quotes q WHERE q.article_id = a.id)",
            [],
            |r| r.get(0),
        )?)
    }
}
