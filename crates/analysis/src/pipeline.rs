//! The analyzer: runs the stages in order on one article.

use crate::entities;
use crate::events;
use crate::quotes;
use crate::text::Doc;
use crate::types::{Analysis, Article, Sentence};

/// Identifier of the JSON schema this version writes.
pub const SCHEMA: &str = "whosaid/analysis/1";

/// Runs segment → mentions → entities → quotes and attribution → events on an article.
#[derive(Debug, Default, Clone, Copy)]
pub struct Analyzer;

impl Analyzer {
    /// A new analyzer (lexicons are loaded once per process on first use).
    pub fn new() -> Self {
        Analyzer
    }

    /// Analyzes one article held in memory.
    pub fn analyze(&self, article: Article) -> Analysis {
        let (sentences, quotes, entities, events) = {
            let doc = Doc::new(&article);
            let found = entities::find(&doc);
            let resolved = entities::resolve(&doc, &found);
            let attributions = quotes::find(&doc, &found, &resolved);
            let published = article
                .published
                .as_deref()
                .and_then(events::dates::Day::parse);
            let events = events::find(
                &doc,
                &found,
                &resolved,
                &attributions.referents,
                &attributions.quotes,
                published,
            );
            let sentences = doc
                .sentences
                .iter()
                .map(|s| Sentence {
                    span: s.span,
                    paragraph: s.paragraph,
                })
                .collect();
            (sentences, attributions.quotes, resolved.entities, events)
        };
        let published = article
            .published
            .as_deref()
            .and_then(events::dates::Day::parse);
        let role_checks = crate::checks::check_roles(&entities, published.as_ref());
        Analysis {
            schema: SCHEMA.to_string(),
            article,
            sentences,
            quotes,
            entities,
            events,
            role_checks,
        }
    }
}
