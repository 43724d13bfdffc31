//! Step 5 of the quotation stage: direct quotes as statements. An interrupted quote
//! (“A,” he said. “B.”) becomes one statement; a quote inside reported speech, or in a
//! sentence whose cue has a speaker, shares that speaker; a paragraph that opens with a
//! quote and names no speaker continues the previous speaker's quote.

use std::collections::HashMap;

use super::attribute::DirectAttribution;
use super::cues::CueHit;
use super::direct::DirectQuote;
use super::{Draft, Inherit};
use crate::text::{Doc, TokenKind};
use crate::types::{QuoteKind, Span};

/// One draft per direct quote (`None` for a quote merged into the one before it).
pub(crate) fn direct_drafts(
    doc: &Doc,
    directs: &[DirectQuote],
    cues: &[CueHit],
    attributions: &[Option<DirectAttribution>],
    reported: &[Draft],
) -> Vec<Option<Draft>> {
    let mut drafts: Vec<Option<Draft>> = vec![None; directs.len()];
    let mut merged = vec![false; directs.len()];
    let in_cue = super::cues::token_mask(doc, cues);
    let enclosers = Enclosers::new(doc, reported);
    for (q, d) in directs.iter().enumerate() {
        if merged[q] {
            continue;
        }
        let mut draft = Draft {
            kind: QuoteKind::Direct,
            content: d.pieces.clone(),
            cue: None,
            source: None,
            inherited: None,
            start_token: d.open_token,
        };
        if let Some(a) = &attributions[q] {
            let cue = &cues[a.cue];
            draft.cue = Some(cue.tokens.clone());
            draft.source = Some(a.source.clone());
            let attr_end = cue.tokens.end.max(a.source.end);
            if cue.tokens.start >= d.end_token
                && resumes_after_cue(doc, directs, &in_cue, attributions, q, attr_end)
            {
                draft.content.extend(directs[q + 1].pieces.iter().copied());
                merged[q + 1] = true;
            }
        } else {
            draft.inherited = enclosers.of(doc, d).map(Inherit::Enclosing);
        }
        drafts[q] = Some(draft);
    }
    link_continuations(doc, directs, &mut drafts);
    drafts
}

/// “A,” he said. “B.” — the next quote resumes this one: same paragraph, close after the
/// cue with no other quote or cue between, unattributed, and ending its sentence (else it
/// opens a new statement).
fn resumes_after_cue(
    doc: &Doc,
    directs: &[DirectQuote],
    in_cue: &[bool],
    attributions: &[Option<DirectAttribution>],
    q: usize,
    attr_end: usize,
) -> bool {
    let Some(next) = directs.get(q + 1) else {
        return false;
    };
    let same_para =
        doc.paragraph_of(next.open_token) == doc.paragraph_of(attr_end.saturating_sub(1));
    let gap_ok = next.open_token >= attr_end
        && next.open_token <= attr_end + 40
        && (attr_end..next.open_token).all(|t| {
            doc.tokens[t].kind != TokenKind::Quote && !in_cue.get(t).copied().unwrap_or(false)
        });
    let next_end = next.end_token;
    let ends = next_end >= doc.tokens.len()
        || doc.paragraph_of(next_end) != doc.paragraph_of(next_end - 1)
        || matches!(doc.word(next_end), "." | "!" | "?")
        || doc.is_capitalized(next_end)
        || doc.tokens[next_end].kind == TokenKind::Quote;
    same_para && gap_ok && ends && attributions[q + 1].is_none()
}

/// The reported statements a direct quote may share its speaker with, indexed once per
/// document (a scan of every statement for every quote made long documents quadratic).
struct Enclosers {
    /// (start, end, statement) of every content piece, by start.
    pieces: Vec<(usize, usize, usize)>,
    /// The longest piece, in bytes: a piece holding a byte starts at most this far before.
    longest: usize,
    /// The first statement whose cue stands in each sentence.
    first_in_sentence: HashMap<usize, usize>,
}

impl Enclosers {
    fn new(doc: &Doc, reported: &[Draft]) -> Self {
        let mut pieces: Vec<(usize, usize, usize)> = reported
            .iter()
            .enumerate()
            .flat_map(|(r, d)| d.content.iter().map(move |s| (s.start, s.end, r)))
            .collect();
        pieces.sort_unstable();
        let longest = pieces
            .iter()
            .map(|p| p.1.saturating_sub(p.0))
            .max()
            .unwrap_or(0);
        let mut first_in_sentence = HashMap::new();
        for (r, d) in reported.iter().enumerate() {
            if let Some(s) = d.cue.as_ref().and_then(|c| doc.sentence_of(c.start)) {
                first_in_sentence.entry(s).or_insert(r);
            }
        }
        Enclosers {
            pieces,
            longest,
            first_in_sentence,
        }
    }

    /// The reported statement a quote shares its speaker with: the first whose content
    /// holds the quote's opening mark, else the first whose cue stands in its sentence.
    fn of(&self, doc: &Doc, d: &DirectQuote) -> Option<usize> {
        let open = Span::new(d.pieces[0].start, d.pieces[0].start + 1);
        let from = self
            .pieces
            .partition_point(|p| p.0 < open.start.saturating_sub(self.longest));
        let to = self.pieces.partition_point(|p| p.0 <= open.start);
        let holding = self.pieces[from..to.max(from)]
            .iter()
            .filter(|p| Span::new(p.0, p.1).contains(open))
            .map(|p| p.2)
            .min();
        holding.or_else(|| {
            let s = doc.sentence_of(d.open_token)?;
            self.first_in_sentence.get(&s).copied()
        })
    }
}

/// A paragraph that opens with a quote and names no speaker continues the quote before it
/// (the last attributed one of that paragraph if any), when that one has a speaker and
/// stands in the same or the previous paragraph.
fn link_continuations(doc: &Doc, directs: &[DirectQuote], drafts: &mut [Option<Draft>]) {
    let mut last_direct: Option<usize> = None;
    let mut last_attributed: Option<usize> = None;
    for q in 0..directs.len() {
        let Some(draft) = drafts[q].as_ref() else {
            continue;
        };
        let d = &directs[q];
        let para = doc.paragraph_of(d.open_token);
        let opens_paragraph = para.is_some_and(|p| doc.paragraphs[p].tokens.start == d.open_token);
        if draft.source.is_none() && draft.inherited.is_none() && opens_paragraph {
            let prefer = last_attributed.filter(|&a| {
                last_direct.is_some_and(|l| {
                    doc.paragraph_of(directs[a].open_token)
                        == doc.paragraph_of(directs[l].open_token)
                })
            });
            if let Some(prev) = prefer.or(last_direct) {
                let prev_para = doc.paragraph_of(directs[prev].open_token);
                let prev_end_para = doc.paragraph_of(directs[prev].end_token.saturating_sub(1));
                let adjacent = matches!((prev_end_para, para), (Some(a), Some(b)) if b == a + 1)
                    || prev_para == para;
                let prev_has_speaker = drafts[prev]
                    .as_ref()
                    .is_some_and(|p| p.source.is_some() || p.inherited.is_some());
                if adjacent && prev_has_speaker {
                    if let Some(dd) = drafts[q].as_mut() {
                        dd.inherited = Some(Inherit::Continues(prev));
                    }
                }
            }
        }
        last_direct = Some(q);
        if drafts[q].as_ref().is_some_and(|d| d.source.is_some()) {
            last_attributed = Some(q);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::types::{Article, Attribution, QuoteKind};
    use crate::Analyzer;

    /// (kind, text, speaker, how) of every quote.
    fn quotes(paragraphs: &[&str]) -> Vec<(QuoteKind, String, Option<String>, Attribution)> {
        Analyzer::new()
            .analyze(Article::from_paragraphs(paragraphs))
            .quotes
            .into_iter()
            .map(|q| (q.kind, q.text, q.speaker.map(|s| s.name), q.attribution))
            .collect()
    }

    #[test]
    fn an_interrupted_quote_is_one_statement() {
        let q = quotes(&["“Nous resterons,” Emmanuel Macron said. “Nous ne céderons pas.”"]);
        assert_eq!(q.len(), 1, "{q:?}");
        assert_eq!(q[0].1, "Nous resterons, … Nous ne céderons pas.");
    }

    #[test]
    fn a_second_quote_opening_a_new_statement_is_not_merged() {
        let q = quotes(&["“First,” Emmanuel Macron said. “Second” is what they chant, he added."]);
        assert!(
            q.iter().filter(|q| q.0 == QuoteKind::Direct).count() >= 2,
            "{q:?}"
        );
    }

    #[test]
    fn a_continuation_needs_the_previous_paragraph() {
        let q = quotes(&[
            "“First,” Zoë Baird said.",
            "The hall was quiet.",
            "“Second.”",
        ]);
        let last = q.last().expect("a quote");
        assert_eq!(last.3, Attribution::None, "{q:?}");
    }
}
