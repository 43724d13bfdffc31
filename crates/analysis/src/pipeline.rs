//! The analyzer: runs the stages in order on one article.

use crate::budget::{Budget, OverBudget};
use crate::entities;
use crate::events;
use crate::quotes;
use crate::quotes::cue_model::CueModel;
use crate::quotes::span_model::SpanModel;
use crate::quotes::SpanTagger;
use crate::text::pos::PosTagger;
use crate::text::{language, Doc};
use crate::types::{Analysis, Article, Sentence};

/// Identifier of the JSON schema this version writes.
pub const SCHEMA: &str = "whosaid/analysis/1";

/// Runs segment → mentions → entities → quotes and attribution → events on an article.
#[derive(Debug, Clone, Copy)]
pub struct Analyzer {
    pos: &'static PosTagger,
    cues: &'static CueModel,
    spans: &'static SpanModel,
    /// The accurate mode's tagger of reported speech; `None` in the fast mode.
    tagger: Option<&'static dyn SpanTagger>,
}

impl Default for Analyzer {
    fn default() -> Self {
        Analyzer::new()
    }
}

impl Analyzer {
    /// A new analyzer with the shipped models (lexicons and models are loaded once per
    /// process on first use).
    pub fn new() -> Self {
        Analyzer {
            pos: PosTagger::embedded(),
            cues: CueModel::embedded(),
            spans: SpanModel::embedded(),
            tagger: None,
        }
    }

    /// An analyzer with other learned models (for experiments with retrained ones).
    pub fn with_models(
        pos: &'static PosTagger,
        cues: &'static CueModel,
        spans: &'static SpanModel,
    ) -> Self {
        Analyzer {
            pos,
            cues,
            spans,
            tagger: None,
        }
    }

    /// This analyzer with a learned tagger of reported speech (the accurate mode): it
    /// takes the span labeller's place; direct quotes keep their rules.
    pub fn with_tagger(self, tagger: &'static dyn SpanTagger) -> Self {
        Analyzer {
            tagger: Some(tagger),
            ..self
        }
    }

    /// Analyzes one article held in memory.
    pub fn analyze(&self, article: Article) -> Analysis {
        match self.analyze_within(article, &Budget::unlimited()) {
            Ok(analysis) => analysis,
            // an unlimited budget without a flag is never spent
            Err(_) => unreachable!("an unlimited budget ran out"),
        }
    }

    /// Analyzes one article within `budget`: stops between stages and inside their long
    /// loops once it is spent, and returns why (no partial result, no work left running).
    pub fn analyze_within(
        &self,
        article: Article,
        budget: &Budget,
    ) -> Result<Analysis, OverBudget> {
        budget.check()?;
        let mut article = article;
        if article.language.is_none() {
            article.language = language::detect(&article.text).map(str::to_string);
        }
        if article
            .language
            .as_deref()
            .is_some_and(|l| l != language::ENGLISH)
        {
            // reported as what it is, not analysed as English
            return Ok(Analysis {
                schema: SCHEMA.to_string(),
                article,
                sentences: Vec::new(),
                quotes: Vec::new(),
                entities: Vec::new(),
                events: Vec::new(),
                role_checks: Vec::new(),
            });
        }
        let published = article
            .published
            .as_deref()
            .and_then(crate::types::Day::parse);
        let (sentences, quotes, entities, events) = {
            let mut doc = Doc::new(&article);
            doc.budget = budget.clone();
            budget.check()?;
            doc.tag(self.pos);
            budget.check()?;
            let found = entities::find(&doc);
            let resolved = entities::resolve(&doc, &found);
            budget.check()?;
            let attributions =
                quotes::find_with(&doc, &found, &resolved, self.cues, self.spans, self.tagger);
            budget.check()?;
            let events = events::find(
                &doc,
                &found,
                &resolved,
                &attributions.referents,
                &attributions.quotes,
                published,
            );
            budget.check()?;
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
        let role_checks = crate::checks::check_roles(&entities, published.as_ref());
        Ok(Analysis {
            schema: SCHEMA.to_string(),
            article,
            sentences,
            quotes,
            entities,
            events,
            role_checks,
        })
    }
}
