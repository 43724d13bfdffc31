//! Coreference: the entity each mention refers to, pronouns resolved to the nearest
//! compatible subject ("Angela Merkel … She said" → Angela Merkel). Read by the quotation
//! stage (speakers) and the events stage (actors).

use crate::entities::{FoundMention, MentionIndex, MentionTarget, Resolved};
use crate::text::phrases::sentence_subject;
use crate::text::Doc;
use crate::types::EntityKind;

/// Resolves pronouns and names to entities, preferring sentence subjects.
pub(crate) struct Resolver<'a> {
    pub(crate) doc: &'a Doc<'a>,
    pub(crate) found: &'a [FoundMention],
    /// The mentions by the token they start at.
    pub(crate) index: MentionIndex,
    pub(crate) resolved: &'a Resolved,
    /// Entity each found mention refers to, pronouns included.
    pub(crate) referent: Vec<Option<usize>>,
    /// Whether each found mention is its sentence's subject.
    pub(crate) subject: Vec<bool>,
    /// Whether each token stands inside a direct quote.
    pub(crate) quoted: Vec<bool>,
}

impl<'a> Resolver<'a> {
    pub(crate) fn new(
        doc: &'a Doc<'a>,
        found: &'a [FoundMention],
        resolved: &'a Resolved,
        quoted: Vec<bool>,
    ) -> Self {
        let index = MentionIndex::new(found);
        let mut subject = vec![false; found.len()];
        for s in &doc.sentences {
            if let Some(np) = sentence_subject(doc, s.tokens.clone()) {
                let mut best = None;
                for m in index.starting_in(np.clone()) {
                    let f = &found[m];
                    if f.tokens.end <= np.end && !f.demonym {
                        best = Some(m);
                    }
                }
                if let Some(m) = best {
                    subject[m] = true;
                }
            }
        }
        let mut r = Resolver {
            doc,
            found,
            index,
            resolved,
            referent: resolved.entity_of.clone(),
            subject,
            quoted,
        };
        for (m, f) in found.iter().enumerate() {
            if let MentionTarget::Pronoun(p) = &f.target {
                r.referent[m] = r.antecedent(p, f.tokens.start);
            }
        }
        r
    }

    /// Whether `pronoun` can stand for entity `entity` (kind and gender).
    pub(crate) fn compatible(&self, pronoun: &str, entity: usize) -> bool {
        let Some(e) = self.resolved.entities.get(entity) else {
            return false;
        };
        let female = e.female;
        match pronoun {
            "he" | "him" | "his" => e.kind == EntityKind::Person && female != Some(true),
            "she" | "her" => e.kind == EntityKind::Person && female != Some(false),
            "it" | "its" => e.kind != EntityKind::Person,
            "they" | "them" | "their" => {
                e.kind == EntityKind::Organization || e.kind == EntityKind::Place
            }
            _ => false,
        }
    }

    /// The entity a pronoun at token `at` refers to.
    fn antecedent(&self, pronoun: &str, at: usize) -> Option<usize> {
        let sent = self.doc.sentence_of(at)?;
        let mut fallback = None;
        for s in (sent.saturating_sub(3)..=sent).rev() {
            // subjects of this sentence (before the pronoun), then of earlier ones
            let range = self.doc.sentences[s].tokens.clone();
            let mut best: Option<(bool, usize, usize)> = None;
            for m in self.index.starting_in(range.start..range.end.min(at)) {
                let f = &self.found[m];
                let Some(e) = self.referent[m] else { continue };
                if self.quoted.get(f.tokens.start).copied().unwrap_or(false) {
                    continue;
                }
                if !self.compatible(pronoun, e) {
                    continue;
                }
                let cand = (self.subject[m], f.tokens.start, e);
                if best.is_none_or(|b| (cand.0, cand.1) > (b.0, b.1)) {
                    best = Some(cand);
                }
            }
            if let Some((is_subject, _, e)) = best {
                if is_subject {
                    return Some(e);
                }
                fallback = fallback.or(Some(e));
            }
        }
        fallback
    }
}

#[cfg(test)]
mod tests {
    use crate::types::Article;
    use crate::Analyzer;

    /// The speaker of each quote, by name.
    fn speakers(paragraphs: &[&str]) -> Vec<Option<String>> {
        Analyzer::new()
            .analyze(Article::from_paragraphs(paragraphs))
            .quotes
            .into_iter()
            .map(|q| q.speaker.map(|s| s.name))
            .collect()
    }

    #[test]
    fn she_is_the_woman_not_the_man_mentioned_last() {
        let s = speakers(&[
            "Ségolène Royal met Emmanuel Macron on Monday. She said the talks had failed.",
        ]);
        assert_eq!(s, vec![Some("Ségolène Royal".to_string())]);
    }

    #[test]
    fn it_is_an_organisation_and_quoted_names_are_no_antecedents() {
        let s = speakers(&[
            "The Kremlin replied to “President Joe Biden” on Friday. It said the offer was late.",
        ]);
        assert_eq!(s.last().cloned().flatten().as_deref(), Some("Kremlin"));
    }
}
