//! Part-of-speech tagging: an averaged-perceptron tagger over Penn Treebank tags (the
//! greedy design of Collins 2002 / Honnibal's "A good part-of-speech tagger in about 200
//! lines of Python"), trained on the CoreNLP silver annotation of PolNeAR train
//! (`whosaid train`). The model is a versioned file under `data/models/`, embedded at
//! build time. Later stages read the tags as features.

use std::sync::OnceLock;

use super::{non_word_shape, suffix, Doc};
use crate::perceptron::{Feature, FnvMap, ModelError, Perceptron, Trainer};
use crate::sequence::{decode, learn, Context, Decoder};

/// The Penn Treebank tags (with CoreNLP's punctuation tags); a tag is an index here.
pub const TAGS: &[&str] = &[
    "CC", "CD", "DT", "EX", "FW", "IN", "JJ", "JJR", "JJS", "LS", "MD", "NN", "NNS", "NNP", "NNPS",
    "PDT", "POS", "PRP", "PRP$", "RB", "RBR", "RBS", "RP", "SYM", "TO", "UH", "VB", "VBD", "VBG",
    "VBN", "VBP", "VBZ", "WDT", "WP", "WP$", "WRB", "``", "''", ",", ".", ":", "-LRB-", "-RRB-",
    "#", "$", "HYPH", "NFP", "ADD", "AFX", "GW", "XX",
];

/// The model trained on PolNeAR's silver annotation, embedded at build time.
const EMBEDDED: &str = include_str!("../../data/models/pos.tsv");

/// Index of a tag name, if it is one of [`TAGS`].
pub fn tag_index(name: &str) -> Option<u8> {
    TAGS.iter().position(|t| *t == name).map(|i| i as u8)
}

/// The name of tag `i` (`"?"` when out of range).
pub fn tag_name(i: u8) -> &'static str {
    TAGS.get(usize::from(i)).copied().unwrap_or("?")
}

/// A trained tagger.
#[derive(Debug, Clone, Default)]
pub struct PosTagger {
    model: Perceptron,
    /// Frequent words that (almost) always take one tag: tagged without scoring.
    dictionary: FnvMap<Box<str>, u8>,
}

fn prefix(w: &str) -> &str {
    let end = w.char_indices().nth(1).map(|(i, _)| i).unwrap_or(w.len());
    &w[..end]
}

fn shape(doc: &Doc, i: usize) -> &'static str {
    let Some(t) = doc.tokens.get(i) else {
        return "-";
    };
    if let Some(shape) = non_word_shape(t.kind) {
        return shape;
    }
    let w = doc.word(i);
    let upper = w.chars().next().is_some_and(char::is_uppercase);
    let hyphen = w.contains('-');
    match (upper, hyphen) {
        (true, true) => "X-x",
        (true, false) => "Xx",
        (false, true) => "x-x",
        (false, false) => "x",
    }
}

fn features(doc: &Doc, i: usize, p1: u8, p2: u8, out: &mut Vec<u64>) {
    out.clear();
    let n = doc.tokens.len();
    let word = |k: isize| -> &str {
        let j = i as isize + k;
        if j < 0 {
            "<s>"
        } else if j as usize >= n {
            "</s>"
        } else {
            doc.lower(j as usize)
        }
    };
    let w = word(0);
    let t1 = tag_name(p1);
    let t2 = tag_name(p2);
    let first = doc
        .sentence_of(i)
        .is_some_and(|s| doc.sentences[s].tokens.start == i);
    out.push(Feature::new(0).done());
    out.push(Feature::new(1).str(suffix(w, 3)).done());
    out.push(Feature::new(2).str(prefix(w)).done());
    out.push(Feature::new(3).str(t1).done());
    out.push(Feature::new(4).str(t2).done());
    out.push(Feature::new(5).str(t1).str(t2).done());
    out.push(Feature::new(6).str(w).done());
    out.push(Feature::new(7).str(t1).str(w).done());
    out.push(Feature::new(8).str(word(-1)).done());
    out.push(Feature::new(9).str(suffix(word(-1), 3)).done());
    out.push(Feature::new(10).str(word(-2)).done());
    out.push(Feature::new(11).str(word(1)).done());
    out.push(Feature::new(12).str(suffix(word(1), 3)).done());
    out.push(Feature::new(13).str(word(2)).done());
    out.push(
        Feature::new(14)
            .str(shape(doc, i))
            .str(if first { "1" } else { "" })
            .done(),
    );
    out.push(Feature::new(15).str(suffix(w, 2)).done());
    out.push(Feature::new(16).str(doc.word(i)).done());
}

fn best(s: &[f32]) -> u8 {
    let mut b = 0;
    for (l, &x) in s.iter().enumerate() {
        if x > s[b] {
            b = l;
        }
    }
    b as u8
}

const NONE: u8 = u8::MAX;

impl PosTagger {
    /// The tagger shipped with whosaid.
    pub fn embedded() -> &'static PosTagger {
        static MODEL: OnceLock<PosTagger> = OnceLock::new();
        MODEL.get_or_init(|| PosTagger::parse(EMBEDDED).unwrap_or_default())
    }

    /// Reads a model file written by [`PosTrainer::finish`].
    pub fn parse(text: &str) -> Result<PosTagger, ModelError> {
        let mut dictionary = FnvMap::default();
        for (n, line) in text.lines().enumerate() {
            if let Some(entry) = line.strip_prefix('=') {
                let (word, tag) = entry
                    .split_once('\t')
                    .and_then(|(w, t)| Some((w, tag_index(t)?)))
                    .ok_or(ModelError::BadLine {
                        line: n + 1,
                        reason: "not =word<TAB>tag",
                    })?;
                dictionary.insert(word.into(), tag);
            }
        }
        Ok(PosTagger {
            model: Perceptron::parse(text, TAGS.len())?,
            dictionary,
        })
    }

    /// True when the model has no weights.
    pub fn is_empty(&self) -> bool {
        self.model.is_empty()
    }

    /// A tag for every token (indices into [`TAGS`]); all `NN` without a model.
    pub fn tag(&self, doc: &Doc) -> Vec<u8> {
        if self.is_empty() {
            return vec![tag_index("NN").unwrap_or(0); doc.tokens.len()];
        }
        let mut out = Vec::with_capacity(doc.tokens.len());
        let decoder = PosDecoder {
            doc,
            dictionary: &self.dictionary,
        };
        // a spent budget stops tagging (checked every 1,024 tokens); the analyzer then
        // stops before any stage reads the missing tags
        let positions = (0..doc.tokens.len()).take_while(|i| i % 1024 != 0 || !doc.over_budget());
        decode(&decoder, &self.model, positions, |_, t, _| out.push(t));
        out
    }
}

/// The tagger's decoding context: the two previous tags, forgotten at a sentence start;
/// a word of the tag dictionary takes its tag without scoring.
struct PosDecoder<'a> {
    doc: &'a Doc<'a>,
    dictionary: &'a FnvMap<Box<str>, u8>,
}

impl Decoder for PosDecoder<'_> {
    /// (previous tag, the one before).
    type State = (u8, u8);
    const LABELS: usize = TAGS.len();

    fn start(&self) -> (u8, u8) {
        (NONE, NONE)
    }

    fn fixed(&self, i: usize, state: &mut (u8, u8)) -> Option<u8> {
        let doc = self.doc;
        if doc
            .sentence_of(i)
            .is_some_and(|s| doc.sentences[s].tokens.start == i)
        {
            *state = (NONE, NONE);
        }
        self.dictionary.get(doc.word(i)).copied()
    }

    fn features(&self, i: usize, (p1, p2): (u8, u8), out: &mut Vec<u64>) {
        features(self.doc, i, p1, p2, out);
    }

    fn best(&self, s: &[f32], _state: (u8, u8)) -> u8 {
        best(s)
    }

    fn next(&self, (p1, _): (u8, u8), t: u8) -> (u8, u8) {
        (t, p1)
    }
}

/// Trains a [`PosTagger`] with greedy decoding (its own previous guesses as context, as at
/// tagging time).
pub struct PosTrainer {
    trainer: Trainer,
    counts: FnvMap<Box<str>, Vec<u32>>,
    dictionary: FnvMap<Box<str>, u8>,
}

impl Default for PosTrainer {
    fn default() -> Self {
        PosTrainer::new()
    }
}

impl PosTrainer {
    /// A trainer with no weights.
    pub fn new() -> Self {
        PosTrainer {
            trainer: Trainer::new(TAGS.len()),
            counts: FnvMap::default(),
            dictionary: FnvMap::default(),
        }
    }

    /// Counts the tags each word takes (call for every document before [`Self::learn`]).
    pub fn count(&mut self, doc: &Doc, gold: &[Option<u8>]) {
        for (i, g) in gold.iter().enumerate().take(doc.tokens.len()) {
            if let Some(t) = g {
                let row = self
                    .counts
                    .entry(doc.word(i).into())
                    .or_insert_with(|| vec![0; TAGS.len()]);
                row[usize::from(*t)] += 1;
            }
        }
    }

    /// Makes the tag dictionary from the counts: words seen at least `min_count` times
    /// with one tag at least `min_share` of the time (Honnibal's 20 and 97 %).
    pub fn build_dictionary(&mut self, min_count: u32, min_share: f64) {
        for (word, row) in &self.counts {
            let total: u32 = row.iter().sum();
            let (tag, &top) = row
                .iter()
                .enumerate()
                .max_by_key(|(t, n)| (**n, std::cmp::Reverse(*t)))
                .unwrap_or((0, &0));
            if total >= min_count && f64::from(top) >= min_share * f64::from(total) {
                self.dictionary.insert(word.clone(), tag as u8);
            }
        }
    }

    /// One pass over one document; `gold` holds a tag per token (`None`: unknown, skipped).
    /// Returns (errors, tokens counted).
    pub fn learn(&mut self, doc: &Doc, gold: &[Option<u8>]) -> (usize, usize) {
        let decoder = PosDecoder {
            doc,
            dictionary: &self.dictionary,
        };
        let n = gold.len().min(doc.tokens.len());
        // its own guesses as context, as at tagging time
        let pass = learn(&decoder, &mut self.trainer, 0..n, gold, Context::Guess);
        (pass.errors, pass.counted)
    }

    /// The averaged model as a model file, the tag dictionary (`=word<TAB>tag` lines,
    /// sorted) after the header.
    pub fn finish(self, min_weight: f32, header: &str) -> String {
        let mut entries: Vec<(&Box<str>, &u8)> = self.dictionary.iter().collect();
        entries.sort();
        let dict: String = entries
            .into_iter()
            .map(|(w, t)| format!("={w}\t{}\n", tag_name(*t)))
            .collect();
        let model = self.trainer.finish(min_weight, header);
        // the header's comment lines first, then the dictionary, then the weights
        let split = model
            .lines()
            .take_while(|l| l.starts_with('#'))
            .map(|l| l.len() + 1)
            .sum::<usize>();
        format!("{}{dict}{}", &model[..split], &model[split..])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::{Article, Span};

    #[test]
    fn tag_names_round_trip() {
        for (i, t) in TAGS.iter().enumerate() {
            assert_eq!(tag_index(t), Some(i as u8));
        }
        assert_eq!(tag_name(200), "?");
    }

    #[test]
    fn learns_tags_from_examples() {
        let text = "Smith said taxes rose.";
        let a = Article {
            text: text.to_string(),
            paragraphs: vec![Span::new(0, text.len())],
            ..Article::default()
        };
        let doc = Doc::new(&a);
        let gold: Vec<Option<u8>> = ["NNP", "VBD", "NNS", "VBD", "."]
            .iter()
            .map(|t| tag_index(t))
            .collect();
        let mut t = PosTrainer::new();
        for _ in 0..5 {
            t.learn(&doc, &gold);
        }
        let tagger = PosTagger::parse(&t.finish(0.0, "test")).expect("parses");
        let tags: Vec<&str> = tagger.tag(&doc).into_iter().map(tag_name).collect();
        assert_eq!(tags, ["NNP", "VBD", "NNS", "VBD", "."]);
    }
}
