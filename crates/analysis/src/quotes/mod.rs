//! The quotation stage: direct quotes, reported speech, their cues and their speakers.

pub mod cue_model;
pub mod direct;
pub mod phrases;
pub mod span_model;

use std::ops::Range;

use crate::entities::{FoundMention, MentionIndex, MentionTarget, Resolved};
use crate::lexicon::Lexicon;
use crate::text::{Doc, TokenKind};
use crate::types::{Attribution, Cue, EntityKind, Quote, QuoteKind, Span, Speaker};

use cue_model::CueModel;
use phrases::{np_after, np_before, sentence_subject};
use span_model::SpanModel;

/// A cue found in the text.
#[derive(Debug, Clone)]
struct CueHit {
    tokens: Range<usize>,
    sentence: usize,
    takes_object: bool,
    according: bool,
    participle: bool,
}

/// Forms that are nouns as often as verbs: cues only after a subject, never after a determiner.
const NOUN_LIKE: &[&str] = &[
    "report",
    "reports",
    "claim",
    "claims",
    "call",
    "calls",
    "promise",
    "promises",
    "demand",
    "demands",
    "fear",
    "fears",
    "hope",
    "hopes",
    "remark",
    "remarks",
    "question",
    "questions",
    "doubt",
    "doubts",
    "estimate",
    "estimates",
    "post",
    "posted",
    "show",
    "shows",
    "request",
    "requests",
    "state",
    "states",
    "warning",
    "finding",
    "tweet",
    "tweets",
    "joke",
    "jokes",
    "charge",
    "charges",
    "read",
    "reads",
    "counter",
    "label",
    "stress",
    "know",
    "feel",
    "think",
    "find",
    "found",
    "expect",
    "ask",
    "add",
];

const DETERMINER_LIKE: &[&str] = &[
    "the", "a", "an", "his", "her", "their", "its", "our", "my", "your", "this", "that", "these",
    "those", "some", "any", "no", "of", "in", "on", "for", "to", "with", "by", "from", "at", "’s",
    "'s", "and", "or", "every", "new",
];

/// How sure the cue tagger must be that a lexicon cue is none to drop it (a margin in
/// perceptron score units; chosen on a held-out tenth of PolNeAR train).
const VETO_MARGIN: f32 = 10.0;

/// Cues from the lexicon (unless the tagger confidently rejects them) and from the tagger.
fn find_cues(doc: &Doc, inside: &[bool], model: &CueModel) -> Vec<CueHit> {
    let lexicon = lexicon_cues(doc, inside);
    let tags = model.tag(doc, inside);
    // the tagger's cues: a B and its I tokens, an auxiliary or adverb B joined to the
    // cue that follows it ("has" + "blamed")
    let mut learned: Vec<Range<usize>> = Vec::new();
    let mut i = 0;
    while i < tags.len() {
        if tags[i].label != cue_model::BEGIN || inside[i] {
            i += 1;
            continue;
        }
        let mut end = i + 1;
        while end < tags.len() && tags[end].label == cue_model::INSIDE {
            end += 1;
        }
        match learned.last_mut() {
            Some(prev) if prev.end == i && is_auxiliary(doc, i - 1) => prev.end = end,
            _ => learned.push(i..end),
        }
        i = end;
    }
    let mut out: Vec<CueHit> = Vec::new();
    for mut r in learned {
        // a speech verb's object is its content, not part of its cue ("has denied | any
        // plans to invade")
        if let Some(c) = lexicon
            .iter()
            .find(|c| c.tokens.start >= r.start && c.tokens.end < r.end)
        {
            if matches!(
                doc.pos(c.tokens.end),
                "DT" | "PDT" | "NN" | "NNS" | "NNP" | "NNPS" | "JJ" | "PRP$" | "PRP" | "CD"
            ) {
                r.end = c.tokens.end;
            }
        }
        let Some(sentence) = doc.sentence_of(r.start) else {
            continue;
        };
        // the lexicon's reading of a cue it also found (listener objects, "according to")
        let known = lexicon
            .iter()
            .find(|c| c.tokens.start < r.end && r.start < c.tokens.end);
        let head = (r.start..r.end)
            .rev()
            .find(|&t| !is_auxiliary(doc, t))
            .unwrap_or(r.start);
        let lw = doc.lower(head);
        out.push(CueHit {
            sentence,
            takes_object: known.map_or_else(
                || {
                    Lexicon::get()
                        .speech_verb(lw)
                        .is_some_and(|v| v.takes_object)
                },
                |c| c.takes_object,
            ),
            according: known.is_some_and(|c| c.according) || doc.lower(r.start) == "according",
            participle: r.len() == 1 && lw.ends_with("ing"),
            tokens: r,
        });
    }
    // lexicon cues the tagger did not take, unless it confidently rejects them
    for c in lexicon {
        let overlaps = out
            .iter()
            .any(|o| o.tokens.start < c.tokens.end && c.tokens.start < o.tokens.end);
        let t = tags[c.tokens.start];
        // a quotation later in the sentence makes it speech whatever the tagger says
        let quotes_follow = (c.tokens.end..doc.sentences[c.sentence].tokens.end)
            .any(|k| doc.tokens[k].kind == TokenKind::Quote);
        let vetoed = t.label == cue_model::OUTSIDE && t.margin > VETO_MARGIN && !quotes_follow;
        if !overlaps && !vetoed {
            out.push(c);
        }
    }
    out.sort_by_key(|c| c.tokens.start);
    out
}

/// The speaker the rules see for a cue: the subject for a participle or after "and"/"but"
/// ("…, saying", "and said"), else the noun phrase just before the cue.
fn rule_source(doc: &Doc, cue: &CueHit) -> Option<Range<usize>> {
    let s = &doc.sentences[cue.sentence];
    let start = s.tokens.start;
    let before = phrases::skip_auxiliaries_back(doc, cue.tokens.start, start);
    let prev = if before > start {
        doc.lower(before - 1)
    } else {
        ""
    };
    if cue.participle || matches!(prev, "and" | "but") {
        sentence_subject(doc, s.tokens.clone())
    } else {
        np_before(doc, cue.tokens.start, start)
    }
}

/// An auxiliary, modal or adverb that may open a cue ("has said", "would not endorse").
fn is_auxiliary(doc: &Doc, t: usize) -> bool {
    matches!(doc.pos(t), "MD" | "RB" | "RBR" | "TO")
        || matches!(
            doc.lower(t),
            "has"
                | "have"
                | "had"
                | "is"
                | "are"
                | "was"
                | "were"
                | "be"
                | "been"
                | "do"
                | "does"
                | "did"
                | "will"
                | "would"
                | "also"
                | "once"
                | "not"
                | "n't"
        )
}

/// Cues from the speech-verb lexicon and the multi-word cue list, filtered by context.
fn lexicon_cues(doc: &Doc, inside: &[bool]) -> Vec<CueHit> {
    let lex = Lexicon::get();
    let mut out = Vec::new();
    for (s_idx, s) in doc.sentences.iter().enumerate() {
        let mut i = s.tokens.start;
        while i < s.tokens.end {
            if inside[i] || doc.tokens[i].kind != TokenKind::Word {
                i += 1;
                continue;
            }
            let lw = doc.word(i).to_lowercase();
            // multi-word cues
            let phrase = lex.cue_phrases().iter().find(|p| {
                p.iter()
                    .enumerate()
                    .all(|(k, w)| i + k < s.tokens.end && doc.word(i + k).eq_ignore_ascii_case(w))
            });
            if let Some(p) = phrase {
                out.push(CueHit {
                    tokens: i..i + p.len(),
                    sentence: s_idx,
                    takes_object: false,
                    according: p[0] == "according",
                    participle: false,
                });
                i += p.len();
                continue;
            }
            // "United States" is no cue; a headline's "Lindsey Graham Says" is
            let headline_cue = s.paragraph == 0
                && lex
                    .gazetteer(&[doc.word(i.saturating_sub(1)), doc.word(i)])
                    .is_none();
            let capitalized_mid_sentence = doc.is_capitalized(i)
                && i > s.tokens.start
                && doc.tokens[i - 1].kind != TokenKind::Quote
                && !headline_cue;
            if let Some(v) = lex.speech_verb(&lw).filter(|_| !capitalized_mid_sentence) {
                let prev = if i > s.tokens.start {
                    doc.word(i - 1).to_lowercase()
                } else {
                    String::new()
                };
                let participle = lw.ends_with("ing");
                let passive = matches!(
                    prev.as_str(),
                    "was" | "were" | "been" | "being" | "is" | "are" | "be" | "get" | "got"
                ) && !participle;
                let noun_use = NOUN_LIKE.contains(&lw.as_str())
                    && (DETERMINER_LIKE.contains(&prev.as_str()) || prev.is_empty());
                let participle_ok = !participle
                    || prev == ","
                    || matches!(
                        prev.as_str(),
                        "was" | "were" | "is" | "are" | "been" | "and" | "kept" | "keeps"
                    );
                // "-ed" words before a noun are adjectives ("the stated goal")
                let adjective = DETERMINER_LIKE.contains(&prev.as_str()) && lw.ends_with("ed");
                if !passive && !noun_use && participle_ok && !adjective && v.lemma != "continue" {
                    out.push(CueHit {
                        tokens: i..i + 1,
                        sentence: s_idx,
                        takes_object: v.takes_object,
                        according: false,
                        participle,
                    });
                } else if v.lemma == "continue" && matches!(doc.word(i + 1), "," | "." | ":") {
                    out.push(CueHit {
                        tokens: i..i + 1,
                        sentence: s_idx,
                        takes_object: false,
                        according: false,
                        participle: false,
                    });
                }
            }
            i += 1;
        }
    }
    out
}

/// A statement before speakers are turned into entities.
#[derive(Debug, Clone)]
struct Draft {
    kind: QuoteKind,
    content: Vec<Span>,
    cue: Option<Range<usize>>,
    source: Option<Range<usize>>,
    /// Speaker taken from another quote (continuation or nesting).
    inherited: Option<usize>,
    start_token: usize,
}

fn trim_content(doc: &Doc, mut r: Range<usize>) -> Range<usize> {
    while r.end > r.start && matches!(doc.word(r.end - 1), "." | "," | ";" | ":" | "—" | "–" | "-")
    {
        r.end -= 1;
    }
    while r.end > r.start && matches!(doc.word(r.start), "," | ":" | "—" | "–" | ";") {
        r.start += 1;
    }
    r
}

/// Resolves pronouns and names to entities, preferring sentence subjects.
pub(crate) struct Resolver<'a> {
    doc: &'a Doc<'a>,
    found: &'a [FoundMention],
    /// The mentions by the token they start at.
    index: MentionIndex,
    resolved: &'a Resolved,
    /// Entity each found mention refers to, pronouns included.
    pub(crate) referent: Vec<Option<usize>>,
    /// Whether each found mention is its sentence's subject.
    subject: Vec<bool>,
    /// Whether each token stands inside a direct quote.
    quoted: Vec<bool>,
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

    fn compatible(&self, pronoun: &str, entity: usize) -> bool {
        let Some(e) = self.resolved.entities.get(entity) else {
            return false;
        };
        let female = self.resolved.female.get(entity).copied().flatten();
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

    /// The speaker named by the tokens of `np`.
    fn speaker(&self, np: Range<usize>) -> Speaker {
        let span = self.doc.span_of(np.clone());
        // "a journalist who asked": the relative pronoun stands for the phrase before it
        if np.len() == 1 && matches!(self.doc.word(np.start), "who" | "which") {
            let floor = self
                .doc
                .sentence_of(np.start)
                .map(|s| self.doc.sentences[s].tokens.start)
                .unwrap_or(0);
            let mut end = np.start;
            if end > floor && self.doc.word(end - 1) == "," {
                end -= 1;
            }
            if let Some(antecedent) = np_before(self.doc, end, floor) {
                if antecedent.end <= np.start
                    && !matches!(self.doc.word(antecedent.start), "who" | "which")
                {
                    return Speaker {
                        mention: Some(span),
                        ..self.speaker(antecedent)
                    };
                }
            }
        }
        let text = span.slice(self.doc.text).to_string();
        // in "Nina Turner, a surrogate for Mr. Sanders", the speaker stands before the comma
        let np = match (np.start..np.end).find(|&k| self.doc.word(k) == ",") {
            Some(c) if c > np.start => np.start..c,
            _ => np,
        };
        let inside: Vec<usize> = (0..self.found.len())
            .filter(|&m| {
                self.found[m].tokens.start >= np.start && self.found[m].tokens.end <= np.end
            })
            .collect();
        let head_is_name = self.doc.is_capitalized(np.end - 1);
        let pick = inside
            .iter()
            .rev()
            .find(|&&m| {
                self.referent[m]
                    .is_some_and(|e| self.resolved.entities[e].kind == EntityKind::Person)
            })
            .or_else(|| {
                inside.iter().rev().find(|&&m| {
                    self.referent[m].is_some()
                        && (self.found[m].tokens.end == np.end || head_is_name)
                        && (!self.found[m].demonym || self.found[m].tokens.end == np.end)
                })
            });
        match pick.and_then(|&m| self.referent[m]) {
            Some(e) => Speaker {
                name: self.resolved.entities[e].name.clone(),
                entity: Some(e),
                mention: Some(span),
            },
            None => Speaker {
                name: text,
                entity: None,
                mention: Some(span),
            },
        }
    }
}

/// Quotations with their speakers, and the entity every found mention refers to
/// (pronouns resolved), for the stages after this one.
#[derive(Debug, Clone)]
pub struct Attributions {
    /// Quotations in text order.
    pub quotes: Vec<Quote>,
    /// For each found mention, the entity it refers to.
    pub referents: Vec<Option<usize>>,
}

/// Which tokens stand inside a direct quotation (its marks excluded).
fn inside_quotes(doc: &Doc, directs: &[direct::DirectQuote]) -> Vec<bool> {
    let mut inside = vec![false; doc.tokens.len()];
    for d in directs {
        for piece in &d.pieces {
            let a = doc.token_at_or_after(piece.start);
            let b = doc.token_at_or_after(piece.end);
            for t in a..b {
                if t < inside.len() && t > a && t + 1 < b {
                    inside[t] = true;
                }
            }
        }
    }
    inside
}

/// Which tokens stand inside a direct quotation: the context the cue tagger is trained
/// and run with.
pub fn quoted_tokens(doc: &Doc) -> Vec<bool> {
    inside_quotes(doc, &direct::find(doc))
}

/// Finds every quotation of the document with its cue and speaker, with the shipped cue
/// tagger.
pub fn find(doc: &Doc, found: &[FoundMention], resolved: &Resolved) -> Attributions {
    find_with(
        doc,
        found,
        resolved,
        CueModel::embedded(),
        SpanModel::embedded(),
    )
}

/// Finds every quotation of the document with its cue and speaker, with this cue tagger.
pub fn find_with(
    doc: &Doc,
    found: &[FoundMention],
    resolved: &Resolved,
    model: &CueModel,
    spans: &SpanModel,
) -> Attributions {
    let directs = direct::find(doc);
    let inside = inside_quotes(doc, &directs);
    let cues = find_cues(doc, &inside, model);
    let resolver = Resolver::new(doc, found, resolved, inside.clone());
    let mut drafts: Vec<Draft> = Vec::new();
    // which direct quote each cue already attributes
    let mut cue_used_for_direct = vec![false; cues.len()];
    let mut direct_attr: Vec<Option<(usize, Range<usize>)>> = vec![None; directs.len()];

    // cues found only next to a colon before a quote
    let mut extra_cues: Vec<CueHit> = Vec::new();
    // 1. direct quotes attributed by an adjacent cue
    for (q, d) in directs.iter().enumerate() {
        let close = d.end_token; // first token after the quote
        let para = doc.paragraph_of(d.open_token).unwrap_or(0);
        let para_end = doc
            .paragraphs
            .get(para)
            .map(|p| p.tokens.end)
            .unwrap_or(close);
        let last_para = doc.paragraph_of(close.saturating_sub(1)).unwrap_or(para);
        let last_para_end = doc
            .paragraphs
            .get(last_para)
            .map(|p| p.tokens.end)
            .unwrap_or(close);
        // after: “…,” Putin said / “…,” said Putin / “…?” he asked
        let mut found_attr = None;
        let ends_sentence = close >= 2
            && close < doc.tokens.len()
            && doc.word(close - 2) == "."
            && doc.is_capitalized(close);
        for (c, cue) in cues.iter().enumerate() {
            if ends_sentence {
                break;
            }
            if cue.tokens.start < close
                || cue.tokens.start > close + 9
                || cue.tokens.start >= last_para_end
                || cue.according
            {
                continue;
            }
            if (close..cue.tokens.start)
                .any(|t| doc.tokens[t].kind == TokenKind::Quote || is_stop(doc, t))
            {
                continue;
            }
            let floor = if close < doc.tokens.len() && doc.word(close) == "," {
                close + 1
            } else {
                close
            };
            let np = np_before(doc, cue.tokens.start, floor)
                .filter(|np| np.start == floor)
                .or_else(|| {
                    (cue.tokens.start == floor)
                        .then(|| np_after(doc, cue.tokens.end, last_para_end))
                        .flatten()
                });
            if let Some(np) = np {
                found_attr = Some((c, np));
                break;
            }
        }
        // before: Putin said: “…” / as he said, “…”
        if found_attr.is_none() {
            if let Some(s) = doc.sentence_of(d.open_token) {
                let s_start = doc.sentences[s].tokens.start;
                for (c, cue) in cues.iter().enumerate().rev() {
                    if cue.tokens.end > d.open_token || cue.tokens.start < s_start || cue.according
                    {
                        continue;
                    }
                    let gap = d.open_token - cue.tokens.end;
                    let mut k = cue.tokens.end;
                    if cue.takes_object {
                        if let Some(np) = np_after(doc, k, d.open_token) {
                            k = np.end;
                        }
                    }
                    let between_ok = (k..d.open_token)
                        .all(|t| !is_stop(doc, t) && doc.tokens[t].kind != TokenKind::Quote)
                        && (k == d.open_token || matches!(doc.word(d.open_token - 1), "," | ":"));
                    if gap > 8 || !between_ok {
                        break;
                    }
                    let floor = s_start;
                    let np = if cue.participle {
                        sentence_subject(doc, doc.sentences[s].tokens.clone())
                    } else {
                        np_before(doc, cue.tokens.start, floor)
                            .or_else(|| np_after(doc, cue.tokens.end, d.open_token))
                    };
                    if let Some(np) = np {
                        found_attr = Some((c, np));
                    }
                    break;
                }
            }
        }
        let _ = para_end;
        // "Hannity interjected: “…”" / "Republican pollster Daron Shaw: “…”"
        if found_attr.is_none() && d.open_token >= 2 && doc.word(d.open_token - 1) == ":" {
            let colon = d.open_token - 1;
            let floor = doc
                .sentence_of(colon)
                .map(|s| doc.sentences[s].tokens.start)
                .unwrap_or(0);
            let verb = colon - 1;
            let lw = doc.word(verb);
            let verb_like = doc.tokens[verb].kind == TokenKind::Word
                && lw.chars().next().is_some_and(char::is_lowercase)
                && (lw.ends_with("ed")
                    || lw.ends_with('s')
                    || Lexicon::get().speech_verb(lw).is_some());
            let attr = if verb_like {
                np_before(doc, verb, floor).map(|np| (verb..verb + 1, np))
            } else {
                np_before(doc, colon, floor)
                    .filter(|np| np.start == floor)
                    .map(|np| (colon..colon + 1, np))
            };
            if let Some((cue_tokens, np)) = attr {
                extra_cues.push(CueHit {
                    tokens: cue_tokens,
                    sentence: doc.sentence_of(colon).unwrap_or(0),
                    takes_object: false,
                    according: false,
                    participle: false,
                });
                found_attr = Some((cues.len() + extra_cues.len() - 1, np));
            }
        }
        // "The New York Times reports:" ending the paragraph before a quote paragraph
        let opens_paragraph = doc
            .paragraphs
            .get(para)
            .is_some_and(|p| p.tokens.start == d.open_token);
        if found_attr.is_none() && opens_paragraph && para > 0 {
            let prev = &doc.paragraphs[para - 1];
            if prev.tokens.end > prev.tokens.start && doc.word(prev.tokens.end - 1) == ":" {
                let colon = prev.tokens.end - 1;
                if let Some((c, cue)) = cues.iter().enumerate().rev().find(|(_, c)| {
                    c.tokens.end <= colon
                        && c.tokens.start + 6 >= colon
                        && c.tokens.start >= prev.tokens.start
                }) {
                    let s_start = doc.sentences[cue.sentence].tokens.start;
                    if let Some(np) = np_before(doc, cue.tokens.start, s_start) {
                        found_attr = Some((c, np));
                    }
                }
            }
        }
        if let Some((c, np)) = found_attr {
            if let Some(used) = cue_used_for_direct.get_mut(c) {
                *used = true;
            }
            direct_attr[q] = Some((c, np));
        }
    }

    let cues: Vec<CueHit> = cues.into_iter().chain(extra_cues).collect();
    cue_used_for_direct.resize(cues.len(), true);
    // 2. reported speech: the span labeller finds the source and content of every other cue
    for (c, cue) in cues.iter().enumerate() {
        if cue_used_for_direct[c] {
            continue;
        }
        let e = spans.label(doc, &inside, &cue.tokens);
        // no source found: the subject the rules would take
        let Some(source) = e.source.clone().or_else(|| rule_source(doc, cue)) else {
            continue;
        };
        let mut e = e;
        // the source is never part of the content
        e.content = e
            .content
            .into_iter()
            .map(|r| {
                if r.start < source.start && r.end > source.start {
                    r.start..source.start
                } else if r.start < source.end && r.end > source.end {
                    source.end..r.end
                } else if r.start >= source.start && r.end <= source.end {
                    r.start..r.start
                } else {
                    r
                }
            })
            .filter(|r| !r.is_empty())
            .collect();
        if e.content.iter().map(|r| r.len()).sum::<usize>() < 2 {
            continue;
        }
        // a content that is just one direct quote attributes that quote
        let only_direct = (e.content.len() == 1)
            .then(|| {
                let span = doc.span_of(e.content[0].clone());
                directs.iter().position(|d| {
                    d.pieces.len() == 1
                        && d.pieces[0].start <= span.start
                        && span.end <= d.pieces[0].end + 1
                })
            })
            .flatten();
        match only_direct {
            Some(q) => {
                if direct_attr[q].is_none() {
                    direct_attr[q] = Some((c, source));
                }
            }
            None => drafts.push(Draft {
                kind: QuoteKind::Reported,
                content: e.content.iter().map(|r| doc.span_of(r.clone())).collect(),
                cue: Some(cue.tokens.clone()),
                source: Some(source),
                inherited: None,
                start_token: e.content[0].start,
            }),
        }
    }

    // 2b. "Pat Caddell: Democrat voters are worried" — a name, a colon, a statement
    for s in &doc.sentences {
        let (start, end) = (s.tokens.start, s.tokens.end);
        let Some(np) = np_after(doc, start, end) else {
            continue;
        };
        let colon = np.end;
        if colon + 3 >= end
            || doc.word(colon) != ":"
            || doc.tokens[colon + 1].kind == TokenKind::Quote
        {
            continue;
        }
        let names_someone = found.iter().any(|f| {
            f.tokens.start >= np.start
                && f.tokens.end <= np.end
                && matches!(
                    f.target,
                    MentionTarget::Person(_)
                        | MentionTarget::Surname(_)
                        | MentionTarget::Organization(_)
                        | MentionTarget::Named(..)
                )
        });
        let taken = drafts.iter().any(|d| {
            d.content
                .iter()
                .any(|c| c.overlaps(doc.span_of(colon + 1..end)))
        });
        if names_someone && !taken {
            let content = trim_content(doc, colon + 1..end);
            if content.len() >= 3 {
                drafts.push(Draft {
                    kind: QuoteKind::Reported,
                    content: vec![doc.span_of(content.clone())],
                    cue: Some(colon..colon + 1),
                    source: Some(np),
                    inherited: None,
                    start_token: content.start,
                });
            }
        }
    }

    // 3. direct quotes: adjacency, nesting in reported speech, continuation
    let mut direct_drafts: Vec<Option<Draft>> = vec![None; directs.len()];
    let mut merged_into: Vec<Option<usize>> = vec![None; directs.len()];
    for (q, d) in directs.iter().enumerate() {
        if merged_into[q].is_some() {
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
        if let Some((c, np)) = &direct_attr[q] {
            draft.cue = Some(cues[*c].tokens.clone());
            draft.source = Some(np.clone());
            // “A,” he said. “B.” — one quote in two pieces
            let attr_end = cues[*c].tokens.end.max(np.end);
            if cues[*c].tokens.start >= d.end_token {
                if let Some(next) = directs.get(q + 1) {
                    let same_para = doc.paragraph_of(next.open_token)
                        == doc.paragraph_of(attr_end.saturating_sub(1));
                    let gap_ok = next.open_token >= attr_end
                        && next.open_token <= attr_end + 40
                        && (attr_end..next.open_token).all(|t| {
                            doc.tokens[t].kind != TokenKind::Quote
                                && !cues.iter().any(|c| c.tokens.contains(&t))
                        });
                    // the next quote must end its sentence, else it is part of a new statement
                    let next_end = next.end_token;
                    let ends = next_end >= doc.tokens.len()
                        || doc.paragraph_of(next_end) != doc.paragraph_of(next_end - 1)
                        || matches!(doc.word(next_end), "." | "!" | "?")
                        || doc.is_capitalized(next_end)
                        || doc.tokens[next_end].kind == TokenKind::Quote;
                    if same_para && gap_ok && ends && direct_attr[q + 1].is_none() {
                        draft.content.extend(next.pieces.iter().copied());
                        merged_into[q + 1] = Some(q);
                    }
                }
            }
        } else if let Some(r) = drafts.iter().position(|r| {
            r.content
                .iter()
                .any(|s| s.contains(Span::new(d.pieces[0].start, d.pieces[0].start + 1)))
        }) {
            // inside reported speech: the same speaker
            draft.inherited = Some(r);
        } else if let Some(s) = doc.sentence_of(d.open_token) {
            // a cue with a speaker elsewhere in the sentence
            if let Some(r) = drafts.iter().position(|r| {
                r.cue
                    .as_ref()
                    .is_some_and(|c| doc.sentence_of(c.start) == Some(s))
            }) {
                draft.inherited = Some(r);
            }
        }
        direct_drafts[q] = Some(draft);
    }
    // continuation: a paragraph that opens with a quote and names no speaker
    let mut last_direct: Option<usize> = None;
    let mut last_attributed: Option<usize> = None;
    for q in 0..directs.len() {
        let Some(draft) = direct_drafts[q].clone() else {
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
                let prev_has_speaker = direct_drafts[prev]
                    .as_ref()
                    .is_some_and(|p| p.source.is_some() || p.inherited.is_some());
                if adjacent && prev_has_speaker {
                    if let Some(dd) = direct_drafts[q].as_mut() {
                        dd.inherited = Some(usize::MAX - prev);
                    }
                }
            }
        }
        last_direct = Some(q);
        if direct_drafts[q]
            .as_ref()
            .is_some_and(|d| d.source.is_some())
        {
            last_attributed = Some(q);
        }
    }

    // 4. turn drafts into quotes with speakers
    let reported: Vec<Quote> = drafts
        .iter()
        .map(|d| to_quote(doc, &resolver, d, None))
        .collect();
    let mut direct_quotes: Vec<Option<Quote>> = vec![None; directs.len()];
    for q in 0..directs.len() {
        let Some(draft) = direct_drafts[q].clone() else {
            continue;
        };
        let (inherited, cue) = match draft.inherited {
            Some(x) if x > usize::MAX / 2 => (
                direct_quotes
                    .get(usize::MAX - x)
                    .and_then(|p| p.as_ref())
                    .and_then(|p| p.speaker.clone()),
                None,
            ),
            Some(r) => (
                reported.get(r).and_then(|p| p.speaker.clone()),
                reported.get(r).and_then(|p| p.cue.clone()),
            ),
            None => (None, None),
        };
        let mut quote = to_quote(doc, &resolver, &draft, inherited);
        if quote.cue.is_none() {
            quote.cue = cue;
        }
        direct_quotes[q] = Some(quote);
    }
    let mut all: Vec<(usize, Quote)> = drafts.iter().map(|d| d.start_token).zip(reported).collect();
    for (q, dq) in direct_quotes.into_iter().enumerate() {
        if let Some(dq) = dq {
            all.push((directs[q].open_token, dq));
        }
    }
    all.sort_by_key(|(t, q)| (*t, q.kind == QuoteKind::Direct));
    Attributions {
        quotes: all.into_iter().map(|(_, q)| q).collect(),
        referents: resolver.referent,
    }
}

fn strip_marks(s: &str) -> &str {
    s.trim_matches(|c: char| {
        c.is_whitespace()
            || crate::text::tokens::DOUBLE_QUOTES.contains(&c)
            || matches!(c, '‘' | '’' | '\'' | '`')
    })
}

fn to_quote(doc: &Doc, resolver: &Resolver, d: &Draft, inherited: Option<Speaker>) -> Quote {
    let text = d
        .content
        .iter()
        .map(|s| strip_marks(s.slice(doc.text)))
        .collect::<Vec<_>>()
        .join(" … ");
    let cue = d.cue.clone().map(|r| {
        let span = doc.span_of(r);
        Cue {
            span,
            text: span.slice(doc.text).to_string(),
        }
    });
    let (speaker, attribution) = match (&d.source, d.inherited) {
        (Some(np), _) => (Some(resolver.speaker(np.clone())), Attribution::Cue),
        (None, Some(x)) if inherited.is_some() && x > usize::MAX / 2 => {
            (inherited, Attribution::Continuation)
        }
        (None, Some(_)) if inherited.is_some() => (inherited, Attribution::Enclosing),
        _ => (None, Attribution::None),
    };
    Quote {
        text,
        kind: d.kind,
        content: d.content.clone(),
        cue,
        speaker,
        attribution,
    }
}

/// True for a token that ends a clause: ".", "!", "?" or ";" — but not the dot of "Mrs."
/// or of an initial.
fn is_stop(doc: &Doc, t: usize) -> bool {
    match doc.word(t) {
        "!" | "?" | ";" => true,
        "." => {
            let abbreviation = t > 0
                && doc.tokens[t - 1].span.end == doc.tokens[t].span.start
                && (Lexicon::get().is_abbreviation(doc.word(t - 1))
                    || doc.word(t - 1).chars().count() == 1);
            !abbreviation
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use crate::{Analyzer, Article, Attribution, QuoteKind};

    type Row = (
        QuoteKind,
        String,
        Option<String>,
        Option<String>,
        Attribution,
    );

    fn quotes(paragraphs: &[&str]) -> Vec<Row> {
        let a = Analyzer::new().analyze(Article::from_paragraphs(paragraphs));
        a.quotes
            .iter()
            .map(|q| {
                (
                    q.kind,
                    q.text.clone(),
                    q.speaker.as_ref().map(|s| s.name.clone()),
                    q.speaker
                        .as_ref()
                        .and_then(|s| s.mention)
                        .map(|m| m.slice(&a.article.text).to_string()),
                    q.attribution,
                )
            })
            .collect()
    }

    #[test]
    fn cue_after_and_inverted() {
        let q = quotes(&[
            "“We will win,” Jane Smith said.",
            "“We will lose,” said Sen. Bob Jones.",
        ]);
        assert_eq!(q[0].2.as_deref(), Some("Jane Smith"));
        assert_eq!(q[1].3.as_deref(), Some("Sen. Bob Jones"));
    }

    #[test]
    fn interrupted_quote_is_one_statement() {
        let q = quotes(&["“It cannot be contained,” Mrs. Clinton said. “It must be defeated.”"]);
        assert_eq!(q.len(), 1);
        assert_eq!(q[0].1, "It cannot be contained, … It must be defeated.");
    }

    #[test]
    fn pronoun_speaker_resolves_to_the_subject() {
        let q = quotes(&[
            "Angela Merkel met the press on Monday.",
            "She said that the talks had failed.",
        ]);
        assert_eq!(q[0].0, QuoteKind::Reported);
        assert_eq!(q[0].2.as_deref(), Some("Angela Merkel"));
        assert_eq!(q[0].3.as_deref(), Some("She"));
    }

    #[test]
    fn continuation_paragraph_takes_the_previous_speaker() {
        let q = quotes(&["“First,” Tom Brown said.", "“Second, and more.”"]);
        assert_eq!(q[1].2.as_deref(), Some("Tom Brown"));
        assert_eq!(q[1].4, Attribution::Continuation);
    }

    #[test]
    fn according_to_and_content_before_the_source() {
        let q = quotes(&[
            "The deal is off, according to The New York Times.",
            "Taxes will rise next year, officials said.",
        ]);
        assert_eq!(q[0].2.as_deref(), Some("The New York Times"));
        assert_eq!(q[0].1, "The deal is off");
        assert_eq!(q[1].2.as_deref(), Some("officials"));
    }

    #[test]
    fn nested_direct_quote_shares_the_reported_speaker() {
        let q =
            quotes(&["The Kremlin has accused the West of inciting “hysteria” against Ukraine."]);
        let direct = q.iter().find(|q| q.0 == QuoteKind::Direct).expect("direct");
        assert_eq!(direct.2.as_deref(), Some("Kremlin"));
        assert_eq!(direct.4, Attribution::Enclosing);
    }
}
