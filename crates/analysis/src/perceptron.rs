//! An averaged perceptron over hashed features: the learner behind the cue tagger and the
//! span labeller (the classic fast greedy design; Collins 2002, as in Honnibal's tagger).
//!
//! Features are 64-bit FNV-1a hashes built without allocation ([`Feature`]); a model file
//! is text: `#` comment lines, then one line per feature with its hash in hexadecimal and
//! its non-zero weights as `label:weight`, tab-separated.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Why a model file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    /// A line that is not a hash followed by `label:weight` pairs.
    #[error("model line {line}: {reason}")]
    BadLine {
        /// 1-based line number.
        line: usize,
        /// What is wrong with it.
        reason: &'static str,
    },
}

/// Identity hasher for keys that are already hashes.
#[derive(Default)]
struct PreHashed(u64);

impl Hasher for PreHashed {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

type Map<V> = HashMap<u64, V, BuildHasherDefault<PreHashed>>;

/// FNV-1a as a `Hasher`, for small string-keyed maps on hot paths (std's SipHash is
/// built to resist flooding, which model files and lexicons do not need).
#[derive(Clone, Copy)]
pub struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    /// The state after hashing `bytes` more (usable in constants).
    const fn extend(mut self, bytes: &[u8]) -> Fnv {
        let mut i = 0;
        while i < bytes.len() {
            self.0 ^= bytes[i] as u64;
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
            i += 1;
        }
        self
    }
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        *self = self.extend(bytes);
    }
}

/// A `HashMap` hashed with [`Fnv`].
pub type FnvMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;

/// A `HashSet` hashed with [`Fnv`].
pub type FnvSet<K> = std::collections::HashSet<K, BuildHasherDefault<Fnv>>;

/// A feature being hashed (FNV-1a): a template number, then string parts, each closed by
/// a 0xff byte (which UTF-8 never contains).
#[derive(Clone, Copy)]
pub struct Feature(Fnv);

impl Feature {
    /// Starts a feature of template `template`.
    pub const fn new(template: u8) -> Self {
        Feature(Fnv(0xcbf2_9ce4_8422_2325).extend(&[template]))
    }
    /// Adds a part.
    pub const fn str(self, s: &str) -> Self {
        Feature(self.0.extend(s.as_bytes()).extend(&[0xff]))
    }
    /// The hash.
    pub fn done(self) -> u64 {
        self.0.finish()
    }
}

/// Models with at most this many labels keep every weight of a row in the table itself.
const DENSE_LABELS: usize = 8;

/// A trained model: weights per feature and label, in an open-addressing table.
///
/// Each slot is a run of `u32`s: a 32-bit key (the high half of the feature hash, never
/// 0, which marks an empty slot), then either every label's weight (dense: few labels)
/// or an offset and length into `spill` (sparse: the 51-tag tagger), padded to a power of
/// two so that no slot straddles two cache lines. The table is a third full: a lookup,
/// found or not, nearly always ends in its home slot's cache line (three quarters full,
/// an absent feature probed eight slots on average, and the three models ran 10–15 %
/// slower end to end). A 32-bit key makes a false match for an absent feature about one
/// in a billion lookups, which adds one stray feature's weights at worst.
#[derive(Debug, Clone, Default)]
pub struct Perceptron {
    labels: usize,
    stride: usize,
    slots: usize,
    data: Vec<u32>,
    spill: Vec<(u8, f32)>,
}

fn key32(hash: u64) -> u32 {
    ((hash >> 32) as u32).max(1)
}

impl Perceptron {
    fn dense(&self) -> bool {
        self.labels <= DENSE_LABELS
    }

    fn home(&self, hash: u64) -> usize {
        // fast range reduction of the low half of the hash onto the slots
        ((u64::from(hash as u32) * self.slots as u64) >> 32) as usize
    }

    fn find(&self, hash: u64) -> Result<usize, usize> {
        let key = key32(hash);
        let mut i = self.home(hash);
        loop {
            let k = self.data[i * self.stride];
            if k == key {
                return Ok(i);
            }
            if k == 0 {
                return Err(i);
            }
            i += 1;
            if i == self.slots {
                i = 0;
            }
        }
    }

    fn insert(&mut self, hash: u64, row: &[(u8, f32)]) {
        let Err(i) = self.find(hash) else {
            return;
        };
        let at = i * self.stride;
        self.data[at] = key32(hash);
        if self.dense() {
            for &(l, w) in row {
                self.data[at + 1 + usize::from(l)] = w.to_bits();
            }
        } else {
            self.data[at + 1] = self.spill.len() as u32;
            self.data[at + 2] = row.len() as u32;
            self.spill.extend_from_slice(row);
        }
    }

    /// Reads a model file for `labels` labels (at most 256).
    pub fn parse(text: &str, labels: usize) -> Result<Perceptron, ModelError> {
        let mut rows: Vec<(u64, Vec<(u8, f32)>)> = Vec::new();
        for (n, line) in text.lines().enumerate() {
            // '#' comments; '=' lines belong to the model's owner (a tag dictionary)
            if line.starts_with('#') || line.starts_with('=') || line.trim().is_empty() {
                continue;
            }
            let bad = |reason| ModelError::BadLine {
                line: n + 1,
                reason,
            };
            let mut parts = line.split('\t');
            let hash = parts
                .next()
                .and_then(|h| u64::from_str_radix(h, 16).ok())
                .ok_or_else(|| bad("no feature hash"))?;
            let w = parts
                .map(|x| {
                    let (l, w) = x.split_once(':').ok_or_else(|| bad("not label:weight"))?;
                    let l: u8 = l.parse().map_err(|_| bad("a label is not a number"))?;
                    let w: f32 = w.parse().map_err(|_| bad("a weight is not a number"))?;
                    if usize::from(l) >= labels {
                        return Err(bad("label out of range"));
                    }
                    Ok((l, w))
                })
                .collect::<Result<Vec<_>, _>>()?;
            rows.push((hash, w));
        }
        // a third full: most lookups, and most of an absent feature's probes, end in
        // the home slot's cache line
        let slots = if rows.is_empty() {
            0
        } else {
            rows.len() * 3 + 1
        };
        // a power of two, so that no slot straddles two cache lines
        let stride = if labels <= DENSE_LABELS {
            1 + labels
        } else {
            3
        }
        .next_power_of_two();
        let mut p = Perceptron {
            labels,
            stride,
            slots,
            data: vec![0; slots * stride],
            spill: Vec::new(),
        };
        for (hash, row) in &rows {
            p.insert(*hash, row);
        }
        Ok(p)
    }

    /// True when the model has no weights.
    pub fn is_empty(&self) -> bool {
        self.slots == 0
    }

    /// The score of every label for these features.
    pub fn scores(&self, feats: &[u64], out: &mut [f32]) {
        out.iter_mut().for_each(|s| *s = 0.0);
        if self.slots == 0 {
            return;
        }
        // first touch every feature's home slot: the loads are independent, so the
        // processor overlaps their cache misses instead of waiting for each in turn
        let mut touched = 0u32;
        for &f in feats {
            touched ^= self.data[self.home(f) * self.stride];
        }
        std::hint::black_box(touched);
        for &f in feats {
            let Ok(i) = self.find(f) else {
                continue;
            };
            let at = i * self.stride;
            if self.dense() {
                let row = &self.data[at + 1..at + self.stride];
                for (a, &w) in out.iter_mut().zip(row) {
                    *a += f32::from_bits(w);
                }
            } else {
                let start = self.data[at + 1] as usize;
                let n = self.data[at + 2] as usize;
                for &(l, w) in self.spill.get(start..start + n).unwrap_or(&[]) {
                    if let Some(a) = out.get_mut(usize::from(l)) {
                        *a += w;
                    }
                }
            }
        }
    }

    /// Number of labels.
    pub fn labels(&self) -> usize {
        self.labels
    }
}

/// One label's weight of one feature while training, with what averaging needs.
#[derive(Clone, Copy)]
struct Slot {
    label: u8,
    weight: f32,
    total: f64,
    stamp: u64,
}

/// Trains a [`Perceptron`] by averaged perceptron updates. Deterministic: the same
/// examples in the same order give the same model. Weights are kept sparsely (only the
/// labels a feature was ever updated for), so a 45-tag tagger fits in memory.
pub struct Trainer {
    labels: usize,
    weights: Map<Vec<Slot>>,
    step: u64,
}

impl Trainer {
    /// A trainer with no weights.
    pub fn new(labels: usize) -> Self {
        Trainer {
            labels,
            weights: Map::default(),
            step: 0,
        }
    }

    /// The current (not averaged) scores, for greedy decoding during training.
    pub fn scores(&self, feats: &[u64], out: &mut [f32]) {
        out.iter_mut().for_each(|s| *s = 0.0);
        for f in feats {
            if let Some(slots) = self.weights.get(f) {
                for slot in slots {
                    if let Some(a) = out.get_mut(usize::from(slot.label)) {
                        *a += slot.weight;
                    }
                }
            }
        }
    }

    fn add(&mut self, f: u64, label: usize, delta: f32) {
        let step = self.step;
        let slots = self.weights.entry(f).or_default();
        let k = match slots.iter().position(|s| usize::from(s.label) == label) {
            Some(k) => k,
            None => {
                slots.push(Slot {
                    label: label as u8,
                    weight: 0.0,
                    total: 0.0,
                    stamp: step,
                });
                slots.len() - 1
            }
        };
        let slot = &mut slots[k];
        slot.total += f64::from(slot.weight) * (step - slot.stamp) as f64;
        slot.stamp = step;
        slot.weight += delta;
    }

    /// Counts one example; when `guess` differs from `truth`, moves the weights.
    pub fn learn(&mut self, feats: &[u64], truth: usize, guess: usize) {
        self.step += 1;
        if guess != truth && truth < self.labels && guess < self.labels {
            for &f in feats {
                self.add(f, truth, 1.0);
                self.add(f, guess, -1.0);
            }
        }
    }

    /// The averaged model as a model file: weights below `min_weight` are dropped, the
    /// rest rounded to three decimals, lines sorted by hash.
    pub fn finish(self, min_weight: f32, header: &str) -> String {
        let step = self.step.max(1);
        let mut keys: Vec<u64> = self.weights.keys().copied().collect();
        keys.sort_unstable();
        let mut out = String::new();
        for line in header.lines() {
            out.push_str("# ");
            out.push_str(line);
            out.push('\n');
        }
        for f in keys {
            let mut slots = self.weights[&f].clone();
            slots.sort_by_key(|s| s.label);
            let mut line = format!("{f:016x}");
            let mut any = false;
            for s in slots {
                let total = s.total + f64::from(s.weight) * (step - s.stamp) as f64;
                let avg = (total / step as f64) as f32;
                let w = (avg * 1000.0).round() / 1000.0;
                if w.abs() >= min_weight && w != 0.0 {
                    line.push_str(&format!("\t{}:{w}", s.label));
                    any = true;
                }
            }
            if any {
                out.push_str(&line);
                out.push('\n');
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_a_separable_problem_and_round_trips() {
        let a = Feature::new(1).str("a").done();
        let b = Feature::new(1).str("b").done();
        let bias = Feature::new(0).done();
        let mut t = Trainer::new(2);
        let mut s = [0.0f32; 2];
        // ties go to label 1, so both classes cause updates
        for _ in 0..5 {
            for (f, truth) in [(a, 0), (b, 1)] {
                t.scores(&[bias, f], &mut s);
                let guess = usize::from(s[1] >= s[0]);
                t.learn(&[bias, f], truth, guess);
            }
        }
        let model = Perceptron::parse(&t.finish(0.0, "test"), 2).expect("parses");
        model.scores(&[bias, a], &mut s);
        assert!(s[0] > s[1], "a: {s:?}");
        model.scores(&[bias, b], &mut s);
        assert!(s[1] > s[0], "b: {s:?}");
    }

    #[test]
    fn bad_lines_are_reported() {
        assert!(Perceptron::parse("zz\t0:1\n", 3).is_err());
        assert!(Perceptron::parse("00ff\t1\n", 3).is_err());
        assert!(Perceptron::parse("00ff\t3:1\n", 3).is_err());
        assert!(Perceptron::parse("# comment\n\n00ff\t0:1\t2:-0.5\n", 3).is_ok());
    }
}
