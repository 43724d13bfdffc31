//! The tagging head over the encoder's top three hidden states, its labels, and the
//! best label sequence that reads as well-formed spans.

use candle_core::{Module, Result, Tensor};
use whosaid_analysis::quotes::Part;

/// Labels a word piece can take: outside, or the beginning or inside of a source, a cue or
/// a content (label `1 + 2k` begins part `k`, `2 + 2k` goes on with it).
pub const LABELS: usize = 7;

/// The parts in label order.
pub const PARTS: [Part; 3] = [Part::Source, Part::Cue, Part::Content];

/// The label that begins `part`.
pub fn begins(part: Part) -> u8 {
    match part {
        Part::Source => 1,
        Part::Cue => 3,
        Part::Content => 5,
    }
}

/// Two layers: hidden states → `hidden` units (GELU) → one score per label.
pub struct Head {
    inner: candle_nn::Linear,
    outer: candle_nn::Linear,
}

impl Head {
    /// The head of these weights: (hidden, input) and (LABELS, hidden) with biases.
    pub fn new(w1: Tensor, b1: Tensor, w2: Tensor, b2: Tensor) -> Head {
        Head {
            inner: candle_nn::Linear::new(w1, Some(b1)),
            outer: candle_nn::Linear::new(w2, Some(b2)),
        }
    }

    /// Scores of each label for each row of `x`.
    pub fn scores(&self, x: &Tensor) -> Result<Tensor> {
        self.outer.forward(&self.inner.forward(x)?.gelu_erf()?)
    }
}

/// True when label `cur` may follow label `prev`: an inside label only goes on with its
/// own part.
fn may_follow(prev: usize, cur: usize) -> bool {
    cur == 0 || cur % 2 == 1 || prev == cur || prev + 1 == cur
}

/// The best label sequence under the per-piece log-probabilities in which every span
/// begins with its beginning label (Viterbi).
pub fn best_labels(logp: &[[f32; LABELS]]) -> Vec<u8> {
    let Some(first) = logp.first() else {
        return Vec::new();
    };
    let mut score = vec![[f32::NEG_INFINITY; LABELS]; logp.len()];
    let mut back = vec![[0u8; LABELS]; logp.len()];
    for c in (0..LABELS).filter(|&c| may_follow(0, c)) {
        score[0][c] = first[c];
    }
    for t in 1..logp.len() {
        for c in 0..LABELS {
            for p in (0..LABELS).filter(|&p| may_follow(p, c)) {
                let s = score[t - 1][p] + logp[t][c];
                if s > score[t][c] {
                    score[t][c] = s;
                    back[t][c] = p as u8;
                }
            }
        }
    }
    let last = &score[logp.len() - 1];
    let mut best = (0..LABELS)
        .max_by(|&a, &b| last[a].total_cmp(&last[b]))
        .unwrap_or(0);
    let mut out = vec![0u8; logp.len()];
    for t in (0..logp.len()).rev() {
        out[t] = best as u8;
        best = back[t][best] as usize;
    }
    out
}

/// The spans of a well-formed label sequence: (part, first piece, end piece).
pub fn spans(labels: &[u8]) -> Vec<(Part, usize, usize)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, usize)> = None;
    for (i, &l) in labels.iter().chain(std::iter::once(&0)).enumerate() {
        let l = l as usize;
        if let Some((k, start)) = open {
            if !(l != 0 && l.is_multiple_of(2) && (l - 1) / 2 == k) {
                out.push((PARTS[k], start, i));
                open = None;
            }
        }
        if l % 2 == 1 || (l != 0 && open.is_none()) {
            open = Some(((l - 1) / 2, i));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_inside_label_never_opens_a_span() {
        // I-cue is likelier than anything at the start, but cannot open a span
        let mut lp = [[-5.0f32; LABELS]; 2];
        lp[0][4] = -0.1;
        lp[0][3] = -1.0;
        lp[1][4] = -0.1;
        assert_eq!(best_labels(&lp), vec![3, 4]);
    }

    #[test]
    fn spans_of_labels() {
        assert_eq!(
            spans(&[1, 2, 0, 3, 5, 6, 6]),
            vec![
                (Part::Source, 0, 2),
                (Part::Cue, 3, 4),
                (Part::Content, 4, 7)
            ]
        );
        assert!(spans(&[]).is_empty());
    }
}
