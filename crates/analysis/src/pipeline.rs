//! The analyzer: runs the stages in order on one article.

use crate::entities;
use crate::quotes;
use crate::text::Doc;
use crate::types::{Analysis, Article, Sentence};

/// Identifier of the JSON schema this version writes.
pub const SCHEMA: &str = "whosaid/analysis/1";

/// Runs segment → mentions → entities → quotes → attribution on an article.
#[derive(Debug, Default, Clone, Copy)]
pub struct Analyzer;

impl Analyzer {
    /// A new analyzer (lexicons are loaded once per process on first use).
    pub fn new() -> Self {
        Analyzer
    }

    /// Analyzes one article held in memory.
    pub fn analyze(&self, article: Article) -> Analysis {
        let (sentences, quotes, entities) = {
            let doc = Doc::new(&article);
            let found = entities::find(&doc);
            let resolved = entities::resolve(&doc, &found);
            let quotes = quotes::find(&doc, &found, &resolved);
            let sentences = doc
                .sentences
                .iter()
                .map(|s| Sentence {
                    span: s.span,
                    paragraph: s.paragraph,
                })
                .collect();
            (sentences, quotes, resolved.entities)
        };
        Analysis {
            schema: SCHEMA.to_string(),
            article,
            sentences,
            quotes,
            entities,
        }
    }
}
