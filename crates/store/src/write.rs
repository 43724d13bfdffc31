//! Writing analysed articles: idempotent by URL or content hash, replacing a changed
//! article atomically, mapping each article's entities to corpus-wide ones.

use sha2::{Digest, Sha256};
use whosaid_analysis::Analysis;

use crate::db::{args, Db, Dialect, Rows};
use crate::identities::{self, identity_key, Ids};
use crate::query::StoredActor;
use crate::{Store, StoreError};

/// One analysed article to store.
#[derive(Debug, Clone)]
pub struct ArticleRecord {
    /// Its URL (or `file://` path); `None` when unknown, then the content hash identifies it.
    pub url: Option<String>,
    /// Where it came from (file, WARC record, feed), for the record.
    pub source: Option<String>,
    /// The analysis to store.
    pub analysis: Analysis,
    /// SHA-256 of the input it was made from, when known: a later ingest of the same input
    /// finds it with [`Store::has_input`] and skips the analysis.
    pub input_hash: Option<String>,
}

/// What writing one article did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteOutcome {
    /// A new article.
    Inserted,
    /// The same URL with a changed text: the old analysis was replaced.
    Replaced,
    /// Already stored with the same text: nothing written.
    Unchanged,
    /// The same text as a stored article of the same publication, read from another
    /// input (an `.html` page and its `.txt` copy): recorded as one more source of it.
    AnotherSource,
}

/// SHA-256 of the article text, hex.
pub fn content_hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// "2022-02-01T20:15:00+00:00" → "2022-02-01"; other shapes → None.
pub fn published_day(published: Option<&str>) -> Option<String> {
    let p = published?.trim();
    let day = p.get(..10)?;
    let b = day.as_bytes();
    let ok = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    ok.then(|| day.to_string())
}

fn spans_json(spans: impl Iterator<Item = (usize, usize)>) -> String {
    let v: Vec<[usize; 2]> = spans.map(|(a, b)| [a, b]).collect();
    serde_json::to_string(&v).unwrap_or_else(|_| "[]".to_string())
}

impl Store {
    /// Writes a batch of articles in one transaction: all of them or none.
    pub fn write_batch(
        &mut self,
        records: &[ArticleRecord],
    ) -> Result<Vec<WriteOutcome>, StoreError> {
        let identities = identities::Batch::of(records.iter().map(|r| {
            let day = published_day(r.analysis.article.published.as_deref());
            (&r.analysis, day)
        }));
        // on PostgreSQL the rows every writer shares go first, in a short transaction of
        // their own (see `identities`); SQLite has one writer at a time anyway
        let shared = match self.db.dialect() {
            Dialect::Postgres => Some(self.db.transaction(|tx| identities.upsert(tx))?),
            Dialect::Sqlite => None,
        };
        self.db.transaction(|tx| {
            let ids = match shared {
                Some(ids) => ids,
                None => identities.upsert(tx)?,
            };
            let mut outcomes = Vec::with_capacity(records.len());
            let mut new_ids = Vec::new();
            for r in records {
                let (outcome, id) = write_one(tx, r, &ids, &mut new_ids)?;
                outcomes.push(outcome);
                new_ids.extend(id);
            }
            index_for_search(tx, &new_ids)?;
            Ok(outcomes)
        })
    }
}

/// SQLite's full-text index of the new articles, once per batch (PostgreSQL's is a
/// generated column, kept by the server).
fn index_for_search(tx: &Db, new_ids: &[i64]) -> Result<(), StoreError> {
    if tx.dialect() == Dialect::Sqlite && !new_ids.is_empty() {
        let list = new_ids
            .iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(",");
        tx.batch(&format!(
                "INSERT INTO quotes_fts(rowid, text) SELECT id, text FROM quotes WHERE article_id IN ({list});
                 INSERT INTO articles_fts(rowid, title, text) SELECT id, title, text FROM articles WHERE id IN ({list});"
            ))?;
    }
    Ok(())
}

/// Stores one analysed article (replacing an older version of it), unless it is stored
/// unchanged: the outcome and the new article id.
fn write_one(
    tx: &Db,
    r: &ArticleRecord,
    ids: &Ids,
    pending: &mut Vec<i64>,
) -> Result<(WriteOutcome, Option<i64>), StoreError> {
    let a = &r.analysis;
    let hash = content_hash(&a.article.text);
    let url = r.url.as_deref().or(a.article.url.as_deref());
    let mut earlier_sources: Vec<Source> = Vec::new();
    if let Some(stored) = same_text_elsewhere(tx, url, &hash, a.article.site.as_deref())? {
        let says_more = a.article.published.is_some() && !stored.dated;
        if !says_more {
            let source = (
                url.map(str::to_string),
                r.source.clone(),
                r.input_hash.clone(),
            );
            add_source(tx, stored.id, &source)?;
            return Ok((WriteOutcome::AnotherSource, None));
        }
        // this input dates the text (the .html of a .txt): its analysis replaces the
        // stored one, whose inputs stay sources of the article
        earlier_sources = sources_of(tx, stored.id)?;
        delete_article(tx, stored.id, pending)?;
    }
    let Some(outcome) = remove_older_version(tx, url, &hash, pending)? else {
        // the same text from another input (a page whose boilerplate changed)
        if let Some(input) = &r.input_hash {
            tx.execute(
                "UPDATE articles SET input_hash = ?1 WHERE url IS NOT DISTINCT FROM ?2 AND content_hash = ?3",
                args![input, url, &hash],
            )?;
        }
        return Ok((WriteOutcome::Unchanged, None));
    };
    let day = published_day(a.article.published.as_deref());
    let article_id: i64 = tx.query_one(
        "INSERT INTO articles (url, content_hash, site, title, author, published, published_day, text, paragraphs, source, quote_count, input_hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) RETURNING id",
        args![
            url,
            &hash,
            &a.article.site,
            &a.article.title,
            &a.article.author,
            &a.article.published,
            day.as_deref(),
            a.article.text.as_str(),
            spans_json(a.article.paragraphs.iter().map(|p| (p.start, p.end))),
            &r.source,
            a.quotes.len(),
            &r.input_hash,
        ],
        |r| r.get(0),
    )?;
    for source in &earlier_sources {
        add_source(tx, article_id, source)?;
    }
    // entities → corpus-wide ids
    let mut mentions = Rows::new(tx, MENTIONS, 6);
    let mut roles = Rows::new(tx, ROLES, 8);
    let global = a
        .entities
        .iter()
        .map(|e| {
            let id = *ids
                .get(&identity_key(e))
                .ok_or_else(|| StoreError::MissingIdentity(e.name.clone()))?;
            entity_rows(article_id, id, e, day.as_deref(), &mut mentions, &mut roles)?;
            Ok(id)
        })
        .collect::<Result<Vec<i64>, StoreError>>()?;
    mentions.finish()?;
    roles.finish()?;
    write_quotes(tx, article_id, day.as_deref(), a, &global)?;
    write_events(tx, article_id, a, &global)?;
    write_role_checks(tx, article_id, a, &global)?;
    // a text read again from another input does not make one more article
    let outcome = if earlier_sources.is_empty() {
        outcome
    } else {
        WriteOutcome::AnotherSource
    };
    Ok((outcome, Some(article_id)))
}

/// True for an address that names no publication: a local file, or none.
fn is_local(url: Option<&str>) -> bool {
    url.is_none_or(|u| u.starts_with("file://"))
}

/// An input an article was read from: URL (or local path), label, input hash.
type Source = (Option<String>, Option<String>, Option<String>);

/// A stored article with the same text as a new input.
struct SameText {
    id: i64,
    /// It has a publication date.
    dated: bool,
}

fn add_source(tx: &Db, article_id: i64, source: &Source) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO article_sources (article_id, url, source, input_hash) VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING",
        args![article_id, &source.0, &source.1, &source.2],
    )?;
    Ok(())
}

/// Every input a stored article was read from: its own first, then its other sources.
fn sources_of(tx: &Db, id: i64) -> Result<Vec<Source>, StoreError> {
    tx.query(
        "SELECT url, source, input_hash FROM articles WHERE id = ?1
         UNION ALL SELECT url, source, input_hash FROM article_sources WHERE article_id = ?1",
        args![id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
}

/// The stored article with this text that an input at `url` is another source of: the
/// same text, from a local file on either side or from the same site. Different sites
/// printing the same text stay separate articles (they are what `copies` finds).
fn same_text_elsewhere(
    tx: &Db,
    url: Option<&str>,
    hash: &str,
    site: Option<&str>,
) -> Result<Option<SameText>, StoreError> {
    let stored = tx.query(
        "SELECT id, url, site, published IS NOT NULL FROM articles WHERE content_hash = ?1 ORDER BY id",
        args![hash],
        |r| {
            Ok((
                r.get::<i64>(0)?,
                r.get::<Option<String>>(1)?,
                r.get::<Option<String>>(2)?,
                r.get::<bool>(3)?,
            ))
        },
    )?;
    for (id, stored_url, stored_site, dated) in stored {
        if stored_url.as_deref() == url {
            return Ok(None); // the same input: stored as it is
        }
        let same_site = site.is_some() && site == stored_site.as_deref();
        if is_local(url) || is_local(stored_url.as_deref()) || same_site {
            return Ok(Some(SameText { id, dated }));
        }
    }
    Ok(None)
}

/// The stored version of the article (by URL, else by content): `None` when it is stored
/// as it is; else it is deleted (with its full-text rows) and the outcome says whether it
/// was there.
fn remove_older_version(
    tx: &Db,
    url: Option<&str>,
    hash: &str,
    pending: &mut Vec<i64>,
) -> Result<Option<WriteOutcome>, StoreError> {
    let existing: Option<(i64, String)> = match url {
        Some(u) => tx.query_opt(
            "SELECT id, content_hash FROM articles WHERE url = ?1",
            args![u],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )?,
        None => tx.query_opt(
            "SELECT id, content_hash FROM articles WHERE url IS NULL AND content_hash = ?1",
            args![hash],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )?,
    };
    let outcome = match existing {
        Some((_, old)) if old == hash => return Ok(None),
        Some((id, _)) => {
            delete_article(tx, id, pending)?;
            WriteOutcome::Replaced
        }
        None => WriteOutcome::Inserted,
    };
    Ok(Some(outcome))
}

/// Deletes a stored article with its full-text rows (its quotes, mentions, events and
/// sources go with it). An article written earlier in this batch (`pending`) has no
/// full-text rows yet: it leaves the pending list instead (a 'delete' of rows an external
/// content index never had would corrupt it).
fn delete_article(tx: &Db, id: i64, pending: &mut Vec<i64>) -> Result<(), StoreError> {
    if let Some(at) = pending.iter().position(|&p| p == id) {
        pending.swap_remove(at);
        tx.execute("DELETE FROM articles WHERE id = ?1", args![id])?;
        return Ok(());
    }
    if tx.dialect() == Dialect::Sqlite {
        tx.execute(
            "INSERT INTO quotes_fts(quotes_fts, rowid, text) SELECT 'delete', id, text FROM quotes WHERE article_id = ?1",
            args![id],
        )?;
        tx.execute(
            "INSERT INTO articles_fts(articles_fts, rowid, title, text) SELECT 'delete', id, title, text FROM articles WHERE id = ?1",
            args![id],
        )?;
    }
    tx.execute("DELETE FROM articles WHERE id = ?1", args![id])?;
    Ok(())
}

const MENTIONS: &str = "INSERT INTO mentions (article_id, entity_id, start, \"end\", text, kind)";
const ROLES: &str = "INSERT INTO roles (article_id, entity_id, title, of_entity, qualifier, start, \"end\", seen_on)";

/// One entity's mentions and roles in the article, under its corpus-wide id (made
/// beforehand by [`identities::Batch::upsert`]).
fn entity_rows<'v>(
    article_id: i64,
    id: i64,
    e: &'v whosaid_analysis::Entity,
    day: Option<&'v str>,
    mentions: &mut Rows<'_, 'v>,
    roles: &mut Rows<'_, 'v>,
) -> Result<(), StoreError> {
    for m in &e.mentions {
        mentions.push(args![
            article_id,
            id,
            m.span.start,
            m.span.end,
            &m.text,
            m.kind.as_str()
        ])?;
    }
    for role in &e.roles {
        roles.push(args![
            article_id,
            id,
            &role.title,
            &role.of,
            &role.qualifier,
            role.span.start,
            role.span.end,
            day
        ])?;
    }
    Ok(())
}

/// The article's quotes, speakers by corpus-wide id, each with the article's publication day
/// (the order of a speaker's list).
fn write_quotes(
    tx: &Db,
    article_id: i64,
    day: Option<&str>,
    a: &Analysis,
    global: &[i64],
) -> Result<(), StoreError> {
    let mut rows = Rows::new(
        tx,
        "INSERT INTO quotes (article_id, position, kind, text, content, start, \"end\", cue, cue_start, cue_end,
                             speaker_name, speaker_entity_id, speaker_mention, mention_start, mention_end, attribution,
                             published_day)",
        17,
    );
    for (pos, q) in a.quotes.iter().enumerate() {
        let extent = q.extent();
        let speaker_entity = q
            .speaker
            .as_ref()
            .and_then(|s| s.entity)
            .and_then(|e| global.get(e).copied());
        let mention = q.speaker.as_ref().and_then(|s| s.mention);
        rows.push(args![
            article_id,
            pos,
            q.kind.as_str(),
            &q.text,
            spans_json(q.content.iter().map(|s| (s.start, s.end))),
            extent.start,
            extent.end,
            q.cue.as_ref().map(|c| c.text.as_str()),
            q.cue.as_ref().map(|c| c.span.start),
            q.cue.as_ref().map(|c| c.span.end),
            q.speaker.as_ref().map(|s| s.name.as_str()),
            speaker_entity,
            mention.map(|m| m.slice(&a.article.text)),
            mention.map(|m| m.start),
            mention.map(|m| m.end),
            q.attribution.as_str(),
            day,
        ])?;
    }
    rows.finish()
}

/// The stated roles checked against the office-holder record.
fn write_role_checks(
    tx: &Db,
    article_id: i64,
    a: &Analysis,
    global: &[i64],
) -> Result<(), StoreError> {
    let sql = "INSERT INTO role_checks (article_id, entity_id, title, of_entity, start, \"end\", checked_on, verdict, reason, evidence)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
    for c in &a.role_checks {
        let Some(&entity) = global.get(c.entity) else {
            continue;
        };
        tx.execute(
            sql,
            args![
                article_id,
                entity,
                &c.role.title,
                &c.role.of,
                c.role.span.start,
                c.role.span.end,
                &c.on,
                c.verdict.as_str(),
                &c.reason,
                serde_json::to_string(&c.evidence)?,
            ],
        )?;
    }
    Ok(())
}

fn write_events(tx: &Db, article_id: i64, a: &Analysis, global: &[i64]) -> Result<(), StoreError> {
    let event_sql = "INSERT INTO events (article_id, position, kind, trigger, start, \"end\", sentence, status, date_text, date_value, place, source, target, background)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14) RETURNING id";
    let actor_sql = "INSERT INTO event_actors (event_id, role, entity_id, code, sector) VALUES (?1, ?2, ?3, ?4, ?5)";
    for (pos, e) in a.events.iter().enumerate() {
        let status = e.status.as_str();
        let actors_json = |v: &[whosaid_analysis::Actor]| -> Result<String, StoreError> {
            let list: Vec<StoredActor> = v
                .iter()
                .map(|x| StoredActor {
                    text: x.text.clone(),
                    code: x.code.clone(),
                    sector: x.sector.clone(),
                    entity: x
                        .entity
                        .and_then(|i| a.entities.get(i))
                        .map(|en| en.name.clone()),
                })
                .collect();
            Ok(serde_json::to_string(&list)?)
        };
        let event_id: i64 = tx.query_one(
            event_sql,
            args![
                article_id,
                pos,
                e.kind.as_str(),
                &e.trigger.text,
                e.trigger.span.start,
                e.trigger.span.end,
                e.sentence.slice(&a.article.text),
                status,
                e.date.as_ref().map(|d| d.text.as_str()),
                e.date.as_ref().and_then(|d| d.value.as_deref()),
                &e.place,
                actors_json(&e.source)?,
                actors_json(&e.target)?,
                e.background,
            ],
            |r| r.get(0),
        )?;
        for (role, list) in [("source", &e.source), ("target", &e.target)] {
            for x in list.iter() {
                let entity = x.entity.and_then(|i| global.get(i).copied());
                tx.execute(actor_sql, args![event_id, role, entity, &x.code, &x.sector])?;
            }
        }
    }
    Ok(())
}
