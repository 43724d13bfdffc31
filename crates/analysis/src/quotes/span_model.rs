//! A learned span labeller: given a cue, it labels the tokens of the cue's sentence as the
//! beginning or inside of the source, of the content, or neither — an averaged perceptron
//! decoding greedily left to right, with features relative to the cue (side, distance,
//! commas and quotation marks in between, the cue word).
//!
//! Rules find the content of "X said that …" well and of "X endorsed Y", "X declined to
//! comment", "X's criticism of Y" badly; the labeller learns those shapes from PolNeAR
//! train (`whosaid train-cues`), and says "no content" for a cue that cues nothing here.

use std::ops::Range;

use super::cue_model::shape;
pub use crate::perceptron::ModelError;
use crate::perceptron::{Feature, Perceptron, Trainer};
use crate::sequence::{decode, learn, perceptron_model, Context, Decoder};
use crate::text::suffix;
use crate::text::{Doc, TokenKind};

/// Neither source nor content.
pub const OUTSIDE: u8 = 0;
/// First token of a source piece.
pub const SOURCE_BEGIN: u8 = 1;
/// Later token of a source piece.
pub const SOURCE_INSIDE: u8 = 2;
/// First token of a content piece.
pub const CONTENT_BEGIN: u8 = 3;
/// Later token of a content piece.
pub const CONTENT_INSIDE: u8 = 4;
const LABELS: usize = 5;
const PREV: [&str; LABELS] = ["O", "SB", "SI", "CB", "CI"];

/// The model trained on PolNeAR train, embedded at build time.
const EMBEDDED: &str = include_str!("../../data/models/spans.tsv");

/// A trained span labeller.
#[derive(Debug, Clone, Default)]
pub struct SpanModel {
    model: Perceptron,
}

perceptron_model!(SpanModel, SpanTrainer, LABELS, EMBEDDED);

/// What the labeller found for one cue, as token ranges.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Extent {
    /// The source mention, if any.
    pub source: Option<Range<usize>>,
    /// The content, in one or more pieces.
    pub content: Vec<Range<usize>>,
}

/// The most tokens the labeller looks at on each side of a cue. No news sentence comes near
/// it (PolNeAR's longest is 220 tokens); it keeps a run-on "sentence" of a malformed page
/// (a list with no stops) from making every cue's content the whole page.
const MAX_REACH: usize = 250;

/// The tokens the labeller looks at for a cue: the cue's sentence, up to `MAX_REACH` tokens
/// on each side.
pub fn window(doc: &Doc, cue: &Range<usize>) -> Range<usize> {
    let sentence = doc
        .sentence_of(cue.start)
        .map(|s| doc.sentences[s].tokens.clone())
        .unwrap_or(cue.clone());
    sentence.start.max(cue.start.saturating_sub(MAX_REACH))..sentence.end.min(cue.end + MAX_REACH)
}

fn distance_bucket(d: usize) -> &'static str {
    match d {
        0 => "0",
        1 => "1",
        2 => "2",
        3 => "3",
        4 => "4",
        5..=7 => "5-7",
        8..=12 => "8-12",
        13..=20 => "13-20",
        _ => "far",
    }
}

fn count_bucket(n: usize) -> &'static str {
    match n {
        0 => "0",
        1 => "1",
        2 => "2",
        _ => "3+",
    }
}

/// Running counts over a window of the tokens the features count between a token and
/// its cue (commas, quotation marks, sentence stops, clause openers), so that each count
/// is one subtraction.
struct Counts {
    start: usize,
    /// `[commas, marks, stops, clauses]` before each window position (and at its end).
    prefix: Vec<[u16; 4]>,
}

impl Counts {
    fn new(doc: &Doc, win: &Range<usize>) -> Counts {
        let mut prefix = Vec::with_capacity(win.len() + 1);
        let mut acc = [0u16; 4];
        prefix.push(acc);
        for t in win.clone() {
            let w = doc.word(t);
            acc[0] += u16::from(w == ",");
            acc[1] += u16::from(doc.tokens[t].kind == TokenKind::Quote);
            acc[2] += u16::from(matches!(w, "." | ";" | "?" | "!"));
            acc[3] += u16::from(matches!(
                doc.lower(t),
                "which" | "who" | "but" | "while" | "although" | "because" | "whom" | "whose"
            ));
            prefix.push(acc);
        }
        Counts {
            start: win.start,
            prefix,
        }
    }

    /// The four counts over the tokens `r` (inside the window).
    fn between(&self, r: Range<usize>) -> [usize; 4] {
        let at = |t: usize| {
            let k = t.saturating_sub(self.start).min(self.prefix.len() - 1);
            self.prefix[k]
        };
        let (pa, pb) = (at(r.start), at(r.end.max(r.start)));
        [0, 1, 2, 3].map(|k| usize::from(pb[k].saturating_sub(pa[k])))
    }
}

/// Where a token stands from its cue, as every feature names it (indices of `SIDES`).
const SIDES: [&str; 3] = ["before", "after", "cue"];
const BEFORE: usize = 0;
const AFTER: usize = 1;
const ON_CUE: usize = 2;
/// How many feature templates.
const TEMPLATES: usize = 39;

/// Every feature starts with its template and the token's side: those hashes, computed
/// at build time, so each feature hashes only its own parts.
const SIDE_PREFIXES: [[Feature; TEMPLATES]; 3] = {
    let mut out = [[Feature::new(0); TEMPLATES]; 3];
    let mut side = 0;
    while side < SIDES.len() {
        let mut t = 0;
        while t < TEMPLATES {
            out[side][t] = Feature::new(t as u8).str(SIDES[side]);
            t += 1;
        }
        side += 1;
    }
    out
};

/// Features of token `j` for the cue `cue`, given the previous token's label.
#[allow(clippy::too_many_arguments)]
fn features(
    doc: &Doc,
    quoted: &[bool],
    cue: &Range<usize>,
    win: &Range<usize>,
    counts: &Counts,
    j: usize,
    prev: u8,
    out: &mut Vec<u64>,
) {
    out.clear();
    let at = |k: isize| -> &str {
        let i = j as isize + k;
        if i < win.start as isize {
            "<s>"
        } else if i >= win.end as isize {
            "</s>"
        } else {
            doc.lower(i as usize)
        }
    };
    let (side, dist, between) = if j < cue.start {
        (BEFORE, cue.start - j, j + 1..cue.start)
    } else if j >= cue.end {
        (AFTER, j + 1 - cue.end, cue.end..j)
    } else {
        (ON_CUE, 0, j..j)
    };
    let [commas, marks, stops, clauses] = counts.between(between);
    let d = distance_bucket(dist);
    let c = count_bucket(commas);
    let m = count_bucket(marks);
    let cw = doc.lower(cue.start);
    let cw_last = doc.lower(cue.end.saturating_sub(1));
    let w = at(0);
    let p = PREV[usize::from(prev).min(LABELS - 1)];
    let q = if quoted.get(j).copied().unwrap_or(false) {
        "q"
    } else {
        "-"
    };
    let sh = shape(doc, j);
    let after_cue = if cue.end < win.end {
        doc.lower(cue.end)
    } else {
        "</s>"
    };
    let before_cue = if cue.start > win.start {
        doc.lower(cue.start - 1)
    } else {
        "<s>"
    };
    let f = |t: u8| SIDE_PREFIXES[side][usize::from(t)];
    out.push(Feature::new(0).done());
    out.push(f(1).done());
    out.push(f(2).str(d).done());
    out.push(f(3).str(w).done());
    out.push(f(4).str(at(-1)).done());
    out.push(f(5).str(at(1)).done());
    out.push(f(6).str(sh).str(d).done());
    out.push(f(7).str(cw).done());
    out.push(f(8).str(cw).str(d).done());
    out.push(f(9).str(cw_last).str(d).done());
    out.push(f(10).str(c).done());
    out.push(f(11).str(m).done());
    out.push(f(12).str(c).str(m).str(d).done());
    out.push(f(13).str(q).done());
    out.push(f(14).str(p).done());
    out.push(f(15).str(p).str(w).done());
    out.push(f(16).str(p).str(sh).done());
    out.push(f(17).str(p).str(d).done());
    out.push(f(18).str(after_cue).str(d).done());
    out.push(f(19).str(before_cue).str(d).done());
    out.push(f(20).str(count_bucket(stops)).done());
    out.push(f(21).str(suffix(w, 3)).str(d).done());
    out.push(f(22).str(at(-1)).str(w).done());
    out.push(f(23).str(p).str(c).str(m).done());
    out.push(f(24).str(q).str(p).done());
    out.push(f(25).str(sh).str(at(-1)).done());
    let pos = |k: isize| -> &str {
        let i = j as isize + k;
        if i < win.start as isize || i >= win.end as isize {
            "-"
        } else {
            doc.pos(i as usize)
        }
    };
    let cue_pos = doc.pos(cue.start);
    out.push(f(28).str(pos(0)).done());
    out.push(f(29).str(pos(0)).str(d).done());
    out.push(f(30).str(pos(-1)).str(pos(0)).done());
    out.push(f(31).str(pos(0)).str(pos(1)).done());
    out.push(f(32).str(p).str(pos(0)).done());
    out.push(f(33).str(cue_pos).str(pos(0)).str(d).done());
    out.push(f(34).str(p).str(pos(0)).str(pos(1)).done());
    out.push(f(35).str(cw).str(pos(0)).done());
    out.push(f(36).str(count_bucket(clauses)).done());
    out.push(f(37).str(count_bucket(clauses)).str(p).done());
    out.push(f(38).str(pos(0)).str(c).done());
    if dist <= 3 {
        out.push(f(26).str(cw).str(w).done());
    }
    if j + 1 == win.end {
        out.push(f(27).str(p).done());
    }
}

fn allowed(label: usize, prev: u8) -> bool {
    match label as u8 {
        SOURCE_INSIDE => matches!(prev, SOURCE_BEGIN | SOURCE_INSIDE),
        CONTENT_INSIDE => matches!(prev, CONTENT_BEGIN | CONTENT_INSIDE),
        _ => true,
    }
}

fn best(s: &[f32], prev: u8) -> u8 {
    let mut label = 0usize;
    for l in 1..LABELS {
        if allowed(l, prev) && s[l] > s[label] {
            label = l;
        }
    }
    label as u8
}

/// Turns per-token labels of a window into an extent (the cue's own tokens are never
/// source or content).
fn extent(labels: &[u8], win: &Range<usize>, cue: &Range<usize>) -> Extent {
    let mut out = Extent::default();
    let mut k = 0;
    while k < labels.len() {
        let l = labels[k];
        if l == OUTSIDE || cue.contains(&(win.start + k)) {
            k += 1;
            continue;
        }
        let is_source = matches!(l, SOURCE_BEGIN | SOURCE_INSIDE);
        let mut e = k + 1;
        while e < labels.len()
            && !cue.contains(&(win.start + e))
            && if is_source {
                labels[e] == SOURCE_INSIDE
            } else {
                labels[e] == CONTENT_INSIDE
            }
        {
            e += 1;
        }
        let r = win.start + k..win.start + e;
        if is_source {
            if out.source.is_none() {
                out.source = Some(r);
            }
        } else {
            out.content.push(r);
        }
        k = e;
    }
    out
}

/// The span labeller's decoding context: the window around one cue.
struct SpanDecoder<'a> {
    doc: &'a Doc<'a>,
    quoted: &'a [bool],
    cue: &'a Range<usize>,
    win: Range<usize>,
    counts: Counts,
}

impl<'a> SpanDecoder<'a> {
    fn new(doc: &'a Doc<'a>, quoted: &'a [bool], cue: &'a Range<usize>) -> Self {
        let win = window(doc, cue);
        let counts = Counts::new(doc, &win);
        SpanDecoder {
            doc,
            quoted,
            cue,
            win,
            counts,
        }
    }
}

impl Decoder for SpanDecoder<'_> {
    type State = u8;
    const LABELS: usize = LABELS;

    fn start(&self) -> u8 {
        OUTSIDE
    }

    /// The cue's own tokens are outside.
    fn fixed(&self, j: usize, _prev: &mut u8) -> Option<u8> {
        self.cue.contains(&j).then_some(OUTSIDE)
    }

    fn features(&self, j: usize, prev: u8, out: &mut Vec<u64>) {
        features(
            self.doc,
            self.quoted,
            self.cue,
            &self.win,
            &self.counts,
            j,
            prev,
            out,
        );
    }

    fn best(&self, s: &[f32], prev: u8) -> u8 {
        best(s, prev)
    }

    fn next(&self, _prev: u8, label: u8) -> u8 {
        label
    }

    /// An inside label that cannot follow the previous one starts a piece.
    fn reachable(&self, gold: u8, prev: u8) -> u8 {
        match gold {
            SOURCE_INSIDE if !allowed(usize::from(SOURCE_INSIDE), prev) => SOURCE_BEGIN,
            CONTENT_INSIDE if !allowed(usize::from(CONTENT_INSIDE), prev) => CONTENT_BEGIN,
            t => t,
        }
    }
}

impl SpanModel {
    /// The source and content of the cue `cue` (token range).
    pub fn label(&self, doc: &Doc, quoted: &[bool], cue: &Range<usize>) -> Extent {
        if self.is_empty() {
            return Extent::default();
        }
        let decoder = SpanDecoder::new(doc, quoted, cue);
        let mut labels = Vec::with_capacity(decoder.win.len());
        decode(&decoder, &self.model, decoder.win.clone(), |_, label, _| {
            labels.push(label)
        });
        extent(&labels, &decoder.win, cue)
    }
}

/// Gold labels of a cue's window: `source` and `content` are token ranges (pieces).
pub fn gold_labels(
    win: &Range<usize>,
    cue: &Range<usize>,
    source: &[Range<usize>],
    content: &[Range<usize>],
) -> Vec<u8> {
    let mut labels = vec![OUTSIDE; win.len()];
    for (pieces, begin, inside) in [
        (content, CONTENT_BEGIN, CONTENT_INSIDE),
        (source, SOURCE_BEGIN, SOURCE_INSIDE),
    ] {
        for r in pieces {
            for t in r.clone() {
                if win.contains(&t) && !cue.contains(&t) {
                    labels[t - win.start] =
                        if t == r.start || t == win.start || cue.contains(&(t - 1)) {
                            begin
                        } else {
                            inside
                        };
                }
            }
        }
    }
    labels
}

/// Trains a [`SpanModel`] with greedy decoding and teacher forcing.
pub struct SpanTrainer {
    trainer: Trainer,
}

impl SpanTrainer {
    /// Learns from one cue and the gold labels of its window ([`gold_labels`]). Returns the
    /// number of tokens labelled wrongly.
    pub fn learn(&mut self, doc: &Doc, quoted: &[bool], cue: &Range<usize>, gold: &[u8]) -> usize {
        let decoder = SpanDecoder::new(doc, quoted, cue);
        let gold: Vec<Option<u8>> = gold.iter().copied().map(Some).collect();
        learn(
            &decoder,
            &mut self.trainer,
            decoder.win.clone(),
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

    #[test]
    fn learns_source_and_content_around_a_cue() {
        let text = "Smith endorsed Jones on Monday.";
        let a = Article {
            text: text.to_string(),
            paragraphs: vec![Span::new(0, text.len())],
            ..Article::default()
        };
        let doc = Doc::new(&a);
        let quoted = vec![false; doc.tokens.len()];
        let cue = 1..2;
        let win = window(&doc, &cue);
        let (source, content): (Vec<Range<usize>>, Vec<Range<usize>>) = (
            std::iter::once(0..1).collect(),
            std::iter::once(2..3).collect(),
        );
        let gold = gold_labels(&win, &cue, &source, &content);
        let mut t = SpanTrainer::new();
        for _ in 0..5 {
            t.learn(&doc, &quoted, &cue, &gold);
        }
        let model = SpanModel::parse(&t.finish(0.0, "test")).expect("parses");
        let e = model.label(&doc, &quoted, &cue);
        assert_eq!(e.source, Some(0..1));
        assert_eq!(e.content, vec![2..3]);
    }

    #[test]
    fn a_run_on_sentence_bounds_the_window() {
        // a malformed page: one "sentence" of thousands of words, no stop
        let a = Article::from_paragraphs(["Smith said rebels attacked Kyiv and ".repeat(400)]);
        let doc = Doc::new(&a);
        assert!(doc.tokens.len() > 2 * MAX_REACH + 10);
        let mid = doc.tokens.len() / 2;
        let win = window(&doc, &(mid..mid + 1));
        assert_eq!(win, mid - MAX_REACH..mid + 1 + MAX_REACH);
    }
}
