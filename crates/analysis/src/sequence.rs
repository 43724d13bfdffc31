//! The one tagger loop: greedy left-to-right decoding over a perceptron, and its training,
//! written once for the three models (part-of-speech tagger, cue tagger, span labeller).
//! A model says only what differs: the context a position sees ([`Decoder::State`]),
//! which positions take a label without scoring, its features, and which labels may follow
//! which.

use crate::perceptron::{Perceptron, Trainer};

/// The parts every shipped perceptron model shares, for a `struct $model { model:
/// Perceptron }` and a `struct $trainer { trainer: Trainer }`: `embedded()` (the model
/// compiled in, parsed once), `parse()`, `is_empty()`, and the trainer's `new()`,
/// `Default` and `finish()`.
macro_rules! perceptron_model {
    ($model:ident, $trainer:ident, $labels:expr, $embedded:expr) => {
        impl $model {
            /// The model shipped with whosaid.
            pub fn embedded() -> &'static $model {
                static MODEL: std::sync::OnceLock<$model> = std::sync::OnceLock::new();
                MODEL.get_or_init(|| $model::parse($embedded).unwrap_or_default())
            }

            /// Reads a model file written by the trainer's `finish`.
            pub fn parse(text: &str) -> Result<$model, $crate::perceptron::ModelError> {
                Ok($model {
                    model: $crate::perceptron::Perceptron::parse(text, $labels)?,
                })
            }

            /// True when the model has no weights (it then finds nothing).
            pub fn is_empty(&self) -> bool {
                self.model.is_empty()
            }
        }

        impl Default for $trainer {
            fn default() -> Self {
                $trainer::new()
            }
        }

        impl $trainer {
            /// A trainer with no weights.
            pub fn new() -> Self {
                $trainer {
                    trainer: $crate::perceptron::Trainer::new($labels),
                }
            }

            /// The averaged model as a model file (see `Trainer::finish`).
            pub fn finish(self, min_weight: f32, header: &str) -> String {
                self.trainer.finish(min_weight, header)
            }
        }
    };
}

pub(crate) use perceptron_model;

/// Scores of every label for a set of features: the averaged model, or the trainer's
/// current weights.
pub trait Scorer {
    /// Writes one score per label into `out`.
    fn scores(&self, feats: &[u64], out: &mut [f32]);
}

impl Scorer for Perceptron {
    fn scores(&self, feats: &[u64], out: &mut [f32]) {
        Perceptron::scores(self, feats, out)
    }
}

impl Scorer for Trainer {
    fn scores(&self, feats: &[u64], out: &mut [f32]) {
        Trainer::scores(self, feats, out)
    }
}

/// What differs between the taggers.
pub trait Decoder {
    /// What a position sees of the labels before it.
    type State: Copy;
    /// How many labels.
    const LABELS: usize;
    /// The context before the first position.
    fn start(&self) -> Self::State;
    /// Prepares position `i` (a sentence start forgets the context) and returns its label
    /// when it takes one without scoring (a dictionary word, a cue token).
    fn fixed(&self, i: usize, state: &mut Self::State) -> Option<u8>;
    /// The features of position `i` in this context.
    fn features(&self, i: usize, state: Self::State, out: &mut Vec<u64>);
    /// The best label the context allows.
    fn best(&self, scores: &[f32], state: Self::State) -> u8;
    /// The context after a position labelled `label`.
    fn next(&self, state: Self::State, label: u8) -> Self::State;
    /// The gold label as the decoder can reach it (an inside label that cannot follow the
    /// previous one starts a piece).
    fn reachable(&self, gold: u8, _state: Self::State) -> u8 {
        gold
    }
}

/// Labels `positions` greedily; `visit` gets each position, its label, and, when it was
/// scored, its scores with the context they were scored in.
pub fn decode<D: Decoder>(
    d: &D,
    model: &impl Scorer,
    positions: impl Iterator<Item = usize>,
    mut visit: impl FnMut(usize, u8, Option<(&[f32], D::State)>),
) {
    let mut feats = Vec::with_capacity(40);
    let mut scores = vec![0.0f32; D::LABELS];
    let mut state = d.start();
    for i in positions {
        let label = match d.fixed(i, &mut state) {
            Some(label) => {
                visit(i, label, None);
                label
            }
            None => {
                d.features(i, state, &mut feats);
                model.scores(&feats, &mut scores);
                let label = d.best(&scores, state);
                visit(i, label, Some((&scores, state)));
                label
            }
        };
        state = d.next(state, label);
    }
}

/// What the next position sees while training.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// The true label (teacher forcing).
    Gold,
    /// The trainer's own guess, as at tagging time.
    Guess,
}

/// Errors and positions counted in one training pass.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Pass {
    /// Positions guessed wrongly.
    pub errors: usize,
    /// Positions with a gold label that were scored.
    pub counted: usize,
}

/// One perceptron pass over `positions` (the k-th has gold label `gold[k]`; `None`: not
/// known, decoded but not learnt from; a missing one ends the pass).
pub fn learn<D: Decoder>(
    d: &D,
    trainer: &mut Trainer,
    positions: impl Iterator<Item = usize>,
    gold: &[Option<u8>],
    context: Context,
) -> Pass {
    let mut feats = Vec::with_capacity(40);
    let mut scores = vec![0.0f32; D::LABELS];
    let mut state = d.start();
    let mut pass = Pass::default();
    for (k, i) in positions.enumerate() {
        let Some(&gold_k) = gold.get(k) else {
            break;
        };
        if let Some(label) = d.fixed(i, &mut state) {
            state = d.next(state, label);
            continue;
        }
        d.features(i, state, &mut feats);
        trainer.scores(&feats, &mut scores);
        let guess = d.best(&scores, state);
        let truth = gold_k.map(|g| d.reachable(g, state));
        if let Some(truth) = truth {
            pass.counted += 1;
            if guess != truth {
                pass.errors += 1;
            }
            trainer.learn(&feats, usize::from(truth), usize::from(guess));
        }
        let seen = match (context, truth) {
            (Context::Gold, Some(truth)) => truth,
            _ => guess,
        };
        state = d.next(state, seen);
    }
    pass
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::perceptron::Feature;

    /// Two labels; position 0 is fixed to label 1; the context is the previous label.
    struct Toy;

    impl Decoder for Toy {
        type State = u8;
        const LABELS: usize = 2;
        fn start(&self) -> u8 {
            0
        }
        fn fixed(&self, i: usize, _: &mut u8) -> Option<u8> {
            (i == 0).then_some(1)
        }
        fn features(&self, i: usize, prev: u8, out: &mut Vec<u64>) {
            out.clear();
            out.push(
                Feature::new(1)
                    .str(if i.is_multiple_of(2) { "even" } else { "odd" })
                    .done(),
            );
            out.push(
                Feature::new(2)
                    .str(if prev == 0 { "O" } else { "X" })
                    .done(),
            );
        }
        fn best(&self, s: &[f32], _: u8) -> u8 {
            u8::from(s[1] > s[0])
        }
        fn next(&self, _: u8, label: u8) -> u8 {
            label
        }
    }

    #[test]
    fn learns_alternating_labels_and_decodes_them() {
        let mut trainer = Trainer::new(2);
        let gold: Vec<Option<u8>> = vec![Some(1), Some(0), Some(1), Some(0), None, Some(0)];
        let mut last = Pass::default();
        for _ in 0..5 {
            last = learn(&Toy, &mut trainer, 0..6, &gold, Context::Gold);
        }
        assert_eq!(last.errors, 0);
        assert_eq!(
            last.counted, 4,
            "the fixed position and the unknown one are not counted"
        );
        let model = Perceptron::parse(&trainer.finish(0.0, "toy"), 2).expect("model");
        let mut labels = Vec::new();
        decode(&Toy, &model, 0..4, |_, l, scores| {
            labels.push((l, scores.is_some()))
        });
        assert_eq!(labels, vec![(1, false), (0, true), (1, true), (0, true)]);
    }

    #[test]
    fn a_missing_gold_label_ends_the_pass() {
        let mut trainer = Trainer::new(2);
        let pass = learn(
            &Toy,
            &mut trainer,
            0..10,
            &[Some(1), Some(0)],
            Context::Guess,
        );
        assert_eq!(pass.counted, 1);
    }
}
