//! A learned cue tagger: an averaged perceptron that labels each token as the beginning of
//! an attribution cue, inside one, or outside (B/I/O), greedily left to right.
//!
//! Half of PolNeAR's reported speech is cued by words no hand-made lexicon lists
//! ("endorsed", "declined", "appears", "called for"…) and whether a word cues depends on
//! its neighbours. The tagger learns that from PolNeAR train (`whosaid train-cues`); the
//! model is a versioned text file under `data/models/`, embedded at build time.
//!
//! Features are hashed (FNV-1a, 64 bit) so that extraction allocates nothing; the model
//! file keeps the hashes in hexadecimal with three weights each.

pub use crate::perceptron::ModelError;
use crate::perceptron::{Feature, Perceptron, Trainer};
use crate::sequence::{decode, learn, perceptron_model, Context, Decoder};

use crate::lexicon::Lexicon;
use crate::text::{non_word_shape, suffix, Doc, TokenKind};

/// Outside any cue.
pub const OUTSIDE: u8 = 0;
/// First token of a cue.
pub const BEGIN: u8 = 1;
/// Later token of a cue.
pub const INSIDE: u8 = 2;
const LABELS: usize = 3;

/// The model trained on PolNeAR train, embedded at build time.
const EMBEDDED: &str = include_str!("../../data/models/cues.tsv");

/// A trained cue tagger.
#[derive(Debug, Clone, Default)]
pub struct CueModel {
    model: Perceptron,
}

perceptron_model!(CueModel, CueTrainer, LABELS, EMBEDDED);

/// One token's label scores.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TokenScores {
    /// The chosen label ([`OUTSIDE`], [`BEGIN`] or [`INSIDE`]).
    pub label: u8,
    /// Score of the chosen label minus the best other allowed label's.
    pub margin: f32,
}

pub(crate) fn shape(doc: &Doc, i: usize) -> &'static str {
    let Some(t) = doc.tokens.get(i) else {
        return "<none>";
    };
    if let Some(shape) = non_word_shape(t.kind) {
        return shape;
    }
    let w = doc.word(i);
    match w.chars().next() {
        Some(c) if c.is_uppercase() => {
            if w.chars()
                .filter(|c| c.is_alphabetic())
                .all(char::is_uppercase)
            {
                "XX"
            } else {
                "Xx"
            }
        }
        _ => "x",
    }
}

/// A crude stem: the word without a verb or plural ending ("endorsed" → "endors").
fn stem(w: &str) -> &str {
    for end in ["ing", "ed", "es", "s", "e"] {
        if let Some(s) = w.strip_suffix(end) {
            if s.len() >= 3 {
                return s;
            }
        }
    }
    w
}

const PREV_LABEL: [&str; 3] = ["O", "B", "I"];

/// The hashed features of token `i`, given the label chosen for token `i - 1`.
/// `quoted[i]` says whether token `i` stands inside a direct quotation.
pub fn features(doc: &Doc, quoted: &[bool], i: usize, prev: u8, out: &mut Vec<u64>) {
    out.clear();
    let lex = Lexicon::get();
    let s = doc.sentence_of(i).map(|s| doc.sentences[s].tokens.clone());
    let (s_start, s_end) = s.map(|r| (r.start, r.end)).unwrap_or((0, doc.tokens.len()));
    let at = |k: isize| -> &str {
        let j = i as isize + k;
        if j < s_start as isize {
            "<s>"
        } else if j >= s_end as isize {
            "</s>"
        } else {
            doc.lower(j as usize)
        }
    };
    let w = at(0);
    let p = PREV_LABEL[usize::from(prev.min(2))];
    let verb = lex.speech_verb(w).map(|v| v.lemma.as_str()).unwrap_or("-");
    let inside = if quoted.get(i).copied().unwrap_or(false) {
        "in"
    } else {
        "out"
    };
    out.push(Feature::new(0).done());
    out.push(Feature::new(1).str(w).done());
    out.push(Feature::new(2).str(at(-1)).done());
    out.push(Feature::new(3).str(at(1)).done());
    out.push(Feature::new(4).str(at(-2)).done());
    out.push(Feature::new(5).str(at(2)).done());
    out.push(Feature::new(6).str(at(-1)).str(w).done());
    out.push(Feature::new(7).str(w).str(at(1)).done());
    out.push(Feature::new(8).str(suffix(w, 3)).done());
    out.push(Feature::new(11).str(inside).done());
    out.push(Feature::new(12).str(verb).done());
    out.push(Feature::new(13).str(p).done());
    out.push(Feature::new(14).str(p).str(w).done());
    out.push(Feature::new(16).str(verb).str(at(1)).done());
    out.push(Feature::new(19).str(at(-1)).str(w).str(at(1)).done());
    out.push(Feature::new(21).str(at(-2)).str(at(-1)).str(w).done());
    let pos = |k: isize| -> &str {
        let j = i as isize + k;
        if j < s_start as isize || j >= s_end as isize {
            "-"
        } else {
            doc.pos(j as usize)
        }
    };
    out.push(Feature::new(22).str(pos(0)).done());
    out.push(Feature::new(23).str(pos(-1)).str(pos(0)).str(pos(1)).done());
    out.push(Feature::new(24).str(pos(0)).str(at(1)).done());
    out.push(Feature::new(25).str(p).str(pos(0)).done());
    out.push(Feature::new(26).str(pos(0)).str(pos(1)).str(pos(2)).done());
    out.push(
        Feature::new(27)
            .str(pos(-2))
            .str(pos(-1))
            .str(pos(0))
            .done(),
    );
    let lemma = stem(w);
    out.push(Feature::new(28).str(lemma).done());
    out.push(Feature::new(29).str(lemma).str(pos(1)).done());
    let that_soon = (1..=4).any(|k| matches!(at(k), "that" | ":" | "whether" | "if" | "to"));
    out.push(
        Feature::new(30)
            .str(lemma)
            .str(if that_soon { "T" } else { "-" })
            .done(),
    );
    let subject_near = (1..=3).any(|k| {
        matches!(
            pos(-k),
            "NNP" | "PRP" | "NNPS" | "NNS" | "NN" | "WP" | "WDT"
        )
    });
    out.push(
        Feature::new(31)
            .str(pos(0))
            .str(if subject_near { "S" } else { "-" })
            .done(),
    );
}

impl CueModel {
    /// Tags every token of the document, greedily left to right.
    pub fn tag(&self, doc: &Doc, quoted: &[bool]) -> Vec<TokenScores> {
        let mut out = vec![
            TokenScores {
                label: OUTSIDE,
                margin: 0.0,
            };
            doc.tokens.len()
        ];
        if self.is_empty() {
            return out;
        }
        let decoder = CueDecoder { doc, quoted };
        // a spent budget stops tagging (every 1,024 tokens); the rest stays OUTSIDE
        let positions = (0..doc.tokens.len()).take_while(|i| i % 1024 != 0 || !doc.over_budget());
        decode(&decoder, &self.model, positions, |i, label, s| {
            if let Some((s, prev)) = s {
                out[i] = TokenScores {
                    label,
                    margin: margin(s, label, prev),
                };
            }
        });
        out
    }
}

/// The chosen label's score minus the best other label's that the context allowed
/// (INSIDE only after a cue token).
fn margin(s: &[f32], label: u8, prev: u8) -> f32 {
    let other = (0..LABELS)
        .filter(|&l| l != usize::from(label) && (l != usize::from(INSIDE) || prev != OUTSIDE))
        .map(|l| s[l])
        .fold(f32::NEG_INFINITY, f32::max);
    s[usize::from(label)] - other
}

/// The cue tagger's decoding context: the document, and which tokens are quoted.
struct CueDecoder<'a> {
    doc: &'a Doc<'a>,
    quoted: &'a [bool],
}

impl Decoder for CueDecoder<'_> {
    type State = u8;
    const LABELS: usize = LABELS;

    fn start(&self) -> u8 {
        OUTSIDE
    }

    fn fixed(&self, i: usize, prev: &mut u8) -> Option<u8> {
        unscored(self.doc, i, prev).then_some(OUTSIDE)
    }

    fn features(&self, i: usize, prev: u8, out: &mut Vec<u64>) {
        features(self.doc, self.quoted, i, prev, out);
    }

    fn best(&self, s: &[f32], prev: u8) -> u8 {
        best(s, prev)
    }

    fn next(&self, _prev: u8, label: u8) -> u8 {
        label
    }

    /// A later piece of a discontinuous cue starts afresh.
    fn reachable(&self, gold: u8, prev: u8) -> u8 {
        if gold == INSIDE && prev == OUTSIDE {
            BEGIN
        } else {
            gold
        }
    }
}

/// Parts of speech that start fewer than 1 in 400 PolNeAR train cues (proper nouns,
/// punctuation, conjunctions, numbers, pronouns…): such a token after no cue is left
/// outside without scoring, a third of all tokens.
fn never_starts_a_cue(pos: &str) -> bool {
    matches!(
        pos,
        "NNP"
            | "NNPS"
            | ","
            | "."
            | "CC"
            | "''"
            | "``"
            | "CD"
            | "PRP"
            | "PRP$"
            | "WP"
            | "WP$"
            | "WRB"
            | "RP"
            | "-RRB-"
            | "UH"
            | "FW"
            | "LS"
            | "SYM"
            | "#"
            | "$"
    )
}

/// The decoding context tagging and training share: the previous label is forgotten at a
/// number and at a sentence start, and a token whose part of speech never starts a cue,
/// after no cue, is left outside without scoring. True when token `i` is not scored.
fn unscored(doc: &Doc, i: usize, prev: &mut u8) -> bool {
    let first = doc
        .sentence_of(i)
        .is_some_and(|s| doc.sentences[s].tokens.start == i);
    if doc.tokens[i].kind == TokenKind::Number || first {
        *prev = OUTSIDE;
    }
    doc.tokens[i].kind == TokenKind::Number || (*prev == OUTSIDE && never_starts_a_cue(doc.pos(i)))
}

/// The best label, never INSIDE right after OUTSIDE.
fn best(s: &[f32], prev: u8) -> u8 {
    let mut label = OUTSIDE;
    for l in [BEGIN, INSIDE] {
        if l == INSIDE && prev == OUTSIDE {
            continue;
        }
        if s[usize::from(l)] > s[usize::from(label)] {
            label = l;
        }
    }
    label
}

/// Trains a [`CueModel`] with greedy left-to-right decoding and teacher forcing.
pub struct CueTrainer {
    trainer: Trainer,
}

impl CueTrainer {
    /// One pass over one document; `gold` holds a label per token. Returns the number of
    /// tokens tagged wrongly.
    pub fn learn(&mut self, doc: &Doc, quoted: &[bool], gold: &[u8]) -> usize {
        let gold: Vec<Option<u8>> = gold.iter().copied().map(Some).collect();
        let decoder = CueDecoder { doc, quoted };
        // teacher forcing: the next token sees the true previous label
        learn(
            &decoder,
            &mut self.trainer,
            0..doc.tokens.len(),
            &gold,
            Context::Gold,
        )
        .errors
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::{Article, Span};

    fn article(text: &str) -> Article {
        Article {
            text: text.to_string(),
            paragraphs: vec![Span::new(0, text.len())],
            ..Article::default()
        }
    }

    #[test]
    fn learns_a_cue_and_round_trips_through_the_file() {
        let a = article("Smith endorsed Jones on Monday. Jones thanked the crowd.");
        let doc = Doc::new(&a);
        let quoted = vec![false; doc.tokens.len()];
        let mut gold = vec![OUTSIDE; doc.tokens.len()];
        gold[1] = BEGIN; // endorsed
        let mut t = CueTrainer::new();
        for _ in 0..5 {
            t.learn(&doc, &quoted, &gold);
        }
        let file = t.finish(0.0, "test model");
        let model = CueModel::parse(&file).expect("model parses");
        let tags = model.tag(&doc, &quoted);
        assert_eq!(tags[1].label, BEGIN);
        assert_eq!(tags[0].label, OUTSIDE);
        assert!(tags.iter().filter(|t| t.label != OUTSIDE).count() == 1);
    }
}
