//! Events between actors, and the stated roles the office-holder record contradicts.

use serde::{Deserialize, Serialize};
use whosaid_analysis::types::Term;
use whosaid_analysis::EventStatus;

use super::{json, label, limit_arg, Conditions, COUNT_CAP};
use crate::db::{args, Row, Value};
use crate::{Dialect, Store, StoreError};

/// An event's actor as stored: the words, its code and sector, and the name of the entity
/// it is, when known.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredActor {
    /// The words naming the actor.
    pub text: String,
    /// Country or organisation code (RUS, IGO).
    pub code: Option<String>,
    /// Sector (GOV, MIL …).
    pub sector: Option<String>,
    /// The entity's canonical name.
    pub entity: Option<String>,
}

impl StoredActor {
    /// The entity's name, else the words.
    pub fn name(&self) -> &str {
        self.entity.as_deref().unwrap_or(&self.text)
    }
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
    /// Happened, scheduled, negated or possible.
    pub status: EventStatus,
    /// The time expression.
    pub date_text: Option<String>,
    /// Its resolved value.
    pub date_value: Option<String>,
    /// The place.
    pub place: Option<String>,
    /// Who acts.
    pub source: Vec<StoredActor>,
    /// Who is acted upon.
    pub target: Vec<StoredActor>,
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
    /// Skip this many.
    pub offset: usize,
    /// Only the events after this one in the list's order (keyset pagination: a deep page
    /// costs what the first does).
    pub after: Option<i64>,
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
    /// The terms that show it.
    pub evidence: Vec<Term>,
    /// Article title.
    pub article: Option<String>,
    /// Article URL.
    pub url: Option<String>,
}

/// An [`EventRow`] from the columns [`Store::events`] selects.
fn event_row(r: &Row) -> Result<EventRow, StoreError> {
    Ok(EventRow {
        id: r.get(0)?,
        kind: r.get(1)?,
        trigger: r.get(2)?,
        status: label(r, 3)?,
        date_text: r.get(4)?,
        date_value: r.get(5)?,
        place: r.get(6)?,
        source: json(r, 7)?,
        target: json(r, 8)?,
        sentence: r.get(9)?,
        article_id: r.get(10)?,
        title: r.get(11)?,
        published: r.get(12)?,
        background: r.get(13)?,
    })
}

impl Store {
    /// Events matching a filter, in article date order.
    pub fn events(&self, f: &EventFilter) -> Result<Vec<EventRow>, StoreError> {
        let Some(c) = self.event_conditions(f)? else {
            return Ok(vec![]);
        };
        // without an actor or an article to start from, articles are walked by day and
        // each one's events in order, until the page is full (SQLite takes `CROSS JOIN`
        // as "in this order")
        let walk = f.actor.is_none() && f.code.is_none() && f.article_id.is_none();
        let from = match (walk, self.db.dialect()) {
            (true, Dialect::Sqlite) => {
                "FROM articles a CROSS JOIN events ev ON ev.article_id = a.id"
            }
            _ => "FROM events ev JOIN articles a ON a.id = ev.article_id",
        };
        // the page's keys first, then its columns: the rows an offset skips are not read
        // (the 200,000th event of 196,148 on PostgreSQL: 400 ms with every skipped row's
        // actors and sentence)
        let order = "ORDER BY a.published_day NULLS FIRST, a.id, ev.position";
        let (page, args) = c.finish(
            &format!(
                "SELECT ev.id, a.published_day AS day, a.id AS art, ev.position AS pos {from}"
            ),
            order,
            f.limit,
            Some(f.offset),
        );
        let sql = format!(
            "WITH page AS ({page})
             SELECT ev.id, ev.kind, ev.trigger, ev.status, ev.date_text, ev.date_value, ev.place, ev.source, ev.target, ev.sentence,
                    a.id, a.title, a.published, ev.background
             FROM page p JOIN events ev ON ev.id = p.id JOIN articles a ON a.id = p.art
             ORDER BY p.day NULLS FIRST, p.art, p.pos"
        );
        self.db.query(&sql, &args, event_row)
    }

    /// How many events match a filter (its limit aside), counted up to [`COUNT_CAP`] past
    /// its offset and one more; with `after`, those after that event.
    pub fn count_events(&self, f: &EventFilter) -> Result<usize, StoreError> {
        let Some(c) = self.event_conditions(f)? else {
            return Ok(0);
        };
        let (sql, args) = c.finish_count(
            "FROM events ev JOIN articles a ON a.id = ev.article_id",
            f.offset.saturating_add(COUNT_CAP + 1),
        );
        self.db.query_one(&sql, &args, |r| r.get(0))
    }

    /// The conditions of an event filter; `None` when it names an actor the store does not
    /// know (nothing can match).
    fn event_conditions(&self, f: &EventFilter) -> Result<Option<Conditions>, StoreError> {
        let dialect = self.db.dialect();
        let mut c = Conditions::new();
        c.and_text(&dialect.equals_nocase("ev.kind"), f.kind.as_deref());
        if let Some(name) = &f.actor {
            let ids = self.entity_ids(name)?;
            if ids.is_empty() {
                return Ok(None);
            }
            c.and_in(
                "ev.id IN (SELECT event_id FROM event_actors WHERE entity_id IN ({}))",
                ids,
            );
        }
        c.and_text(
            &format!(
                "ev.id IN (SELECT event_id FROM event_actors WHERE {})",
                dialect.equals_nocase("code")
            ),
            f.code.as_deref(),
        )
        .published_between(f.since.as_deref(), f.until.as_deref());
        if f.main_only {
            c.and("ev.background = 0", []);
        }
        if let Some(id) = f.article_id {
            c.and("ev.article_id = ?", [Value::from(id)]);
        }
        if let Some(after) = f.after {
            let key = self
                .db
                .query_opt(
                    "SELECT a.published_day, ev.article_id, ev.position
                     FROM events ev JOIN articles a ON a.id = ev.article_id WHERE ev.id = ?1",
                    args![after],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )?
                .ok_or(StoreError::NoSuchEvent(after))?;
            c.after_key(key, ["a.published_day", "a.id", "ev.position"]);
        }
        Ok(Some(c))
    }

    /// Every stated role the office-holder record contradicts, newest articles first.
    pub fn role_flags(&self, limit: usize) -> Result<Vec<FlagRow>, StoreError> {
        self.db.query(
            "SELECT e.name, e.wikidata, r.title, r.of_entity, r.checked_on, r.reason, r.evidence, a.title, a.url
             FROM role_checks r JOIN entities e ON e.id = r.entity_id JOIN articles a ON a.id = r.article_id
             WHERE r.verdict = 'contradicted' ORDER BY a.published_day DESC NULLS LAST, a.id, r.start, e.name LIMIT ?1",
            args![limit_arg(limit)],
            |r| {
            Ok(FlagRow {
                person: r.get(0)?,
                wikidata: r.get(1)?,
                title: r.get(2)?,
                of: r.get(3)?,
                checked_on: r.get(4)?,
                reason: r.get(5)?,
                evidence: json(r, 6)?,
                article: r.get(7)?,
                url: r.get(8)?,
            })
        })
    }
}
