//! `whosaid train --model accurate`: fine-tunes the encoder's top layers with the tagging
//! head on gold attribution spans, deterministically (a fixed seed, a fixed order, one
//! thread pool's results collected in input order).
//!
//! 1. [`examples`]: every paragraph's word pieces with their gold labels and the frozen
//!    layers' states (computed once, kept as f16);
//! 2. [`batches`]: paragraphs of like length together, about `batch_pieces` a batch;
//! 3. [`fine_tune`]: AdamW on the top layers and the head, cross-entropy per piece,
//!    a warm-up then a linear decay;
//! 4. the tuned layers and the head as f16 safetensors bytes, their provenance in the
//!    header.

use std::collections::HashMap;

use candle_core::{DType, Device, Tensor, Var};
use candle_nn::Optimizer;
use rayon::prelude::*;
use whosaid_analysis::quotes::TaggedSpan;
use whosaid_analysis::Span;

use crate::encoder::{Config, Encoder, Pass};
use crate::head::{begins, Head, LABELS};
use crate::pieces::Pieces;
use crate::tagger::{tensors, tuned_features_masked};
use crate::{AccurateError, EncoderFiles, DEFAULT_TUNED_LAYERS};

/// One gold document: its text, its paragraphs, and its attribution spans in painting
/// order (contents first, then sources and cues over them, as PolNeAR's flattening does).
#[derive(Debug, Clone)]
pub struct GoldDoc {
    /// The text.
    pub text: String,
    /// Its paragraphs.
    pub paragraphs: Vec<Span>,
    /// The gold spans.
    pub spans: Vec<TaggedSpan>,
}

/// How to train.
#[derive(Debug, Clone)]
pub struct Options {
    /// Passes over the data.
    pub epochs: usize,
    /// How many of the encoder's top layers are fine-tuned (the rest stay frozen).
    pub tuned_layers: usize,
    /// Peak learning rate of the tuned layers.
    pub layer_rate: f64,
    /// Peak learning rate of the head.
    pub head_rate: f64,
    /// Hidden units of the head.
    pub hidden: usize,
    /// Word pieces per batch (padding included), about.
    pub batch_pieces: usize,
    /// Steps of linear warm-up.
    pub warmup: usize,
    /// Provenance written into the weights' header (key, value).
    pub provenance: Vec<(String, String)>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            epochs: 3,
            tuned_layers: DEFAULT_TUNED_LAYERS,
            layer_rate: 1e-4,
            head_rate: 1e-3,
            hidden: 256,
            batch_pieces: 1024,
            warmup: 200,
            provenance: Vec::new(),
        }
    }
}

/// A paragraph (or a part of one, at most the encoder's length) ready to train on.
struct Example {
    /// The frozen layers' states, n × hidden, f16.
    states: Vec<half::f16>,
    /// The gold label of each piece.
    labels: Vec<u8>,
}

/// The gold label of each byte of a document: spans painted in order, each span's
/// first byte beginning it.
fn paint(doc: &GoldDoc) -> (Vec<u8>, Vec<u32>) {
    let mut label = vec![0u8; doc.text.len()];
    let mut id = vec![0u32; doc.text.len()];
    for (n, s) in doc.spans.iter().enumerate() {
        let end = s.span.end.min(doc.text.len());
        for b in s.span.start.min(end)..end {
            label[b] = begins(s.part);
            id[b] = n as u32 + 1;
        }
    }
    (label, id)
}

/// Step 1: the examples of every paragraph of every document.
fn examples(
    encoder: &Encoder,
    pieces: &Pieces,
    docs: &[GoldDoc],
    first: usize,
) -> Result<Vec<Example>, AccurateError> {
    let paragraphs: Vec<(usize, Span)> = docs
        .iter()
        .enumerate()
        .flat_map(|(d, doc)| doc.paragraphs.iter().map(move |p| (d, *p)))
        .filter(|(d, p)| p.end <= docs[*d].text.len() && p.start < p.end)
        .collect();
    let painted: Vec<(Vec<u8>, Vec<u32>)> = docs.par_iter().map(paint).collect();
    let per: Vec<Vec<Example>> = paragraphs
        .par_iter()
        .map(|(d, p)| paragraph_examples(encoder, pieces, &docs[*d], &painted[*d], *p, first))
        .collect::<Result<_, _>>()?;
    Ok(per.into_iter().flatten().collect())
}

fn paragraph_examples(
    encoder: &Encoder,
    pieces: &Pieces,
    doc: &GoldDoc,
    painted: &(Vec<u8>, Vec<u32>),
    at: Span,
    first: usize,
) -> Result<Vec<Example>, AccurateError> {
    let Some(text) = doc.text.get(at.start..at.end) else {
        return Ok(Vec::new());
    };
    let ps = pieces.of(text)?;
    let mut out = Vec::new();
    for chunk in ps.chunks(encoder.max_len - 2) {
        let mut labels = Vec::with_capacity(chunk.len());
        let mut prev = (0u8, 0u32);
        for p in chunk {
            let here = (painted.0[at.start + p.start], painted.1[at.start + p.start]);
            labels.push(match here.0 {
                0 => 0,
                b if prev == here => b + 1,
                b => b,
            });
            prev = here;
        }
        let mut ids = vec![pieces.cls];
        ids.extend(chunk.iter().map(|p| p.id));
        ids.push(pieces.sep);
        let states = encoder.states(&ids, first, Pass::Train)?;
        let frozen = states[first].narrow(0, 1, chunk.len())?;
        let states = frozen
            .to_dtype(DType::F16)?
            .flatten_all()?
            .to_vec1::<half::f16>()?;
        out.push(Example { states, labels });
    }
    Ok(out)
}

/// Step 2: batches of examples of like length (sorted by length, then by position).
fn batches(examples: &[Example], batch_pieces: usize) -> Vec<Vec<usize>> {
    let mut order: Vec<usize> = (0..examples.len()).collect();
    order.sort_by_key(|&i| (examples[i].labels.len(), i));
    let mut out: Vec<Vec<usize>> = Vec::new();
    let mut current: Vec<usize> = Vec::new();
    for i in order {
        let len = examples[i].labels.len();
        if !current.is_empty() && (current.len() + 1) * len > batch_pieces {
            out.push(std::mem::take(&mut current));
        }
        current.push(i);
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// A batch padded to its longest example: states (b, n, hidden), mask (b, 1, 1, n),
/// the positions of real pieces in the flattened batch and their labels.
fn padded(
    examples: &[Example],
    batch: &[usize],
    hidden: usize,
) -> candle_core::Result<(Tensor, Tensor, Vec<u32>, Vec<u32>)> {
    let n = batch
        .iter()
        .map(|&i| examples[i].labels.len())
        .max()
        .unwrap_or(0);
    let b = batch.len();
    let mut x = vec![0f32; b * n * hidden];
    let mut mask = vec![-1e4f32; b * n];
    let (mut keep, mut gold) = (Vec::new(), Vec::new());
    for (row, &i) in batch.iter().enumerate() {
        let e = &examples[i];
        for (t, &label) in e.labels.iter().enumerate() {
            let at = (row * n + t) * hidden;
            for (slot, v) in x[at..at + hidden]
                .iter_mut()
                .zip(&e.states[t * hidden..(t + 1) * hidden])
            {
                *slot = v.to_f32();
            }
            mask[row * n + t] = 0.0;
            keep.push((row * n + t) as u32);
            gold.push(label as u32);
        }
    }
    let dev = Device::Cpu;
    Ok((
        Tensor::from_vec(x, (b, n, hidden), &dev)?,
        Tensor::from_vec(mask, (b, 1, 1, n), &dev)?,
        keep,
        gold,
    ))
}

/// A deterministic generator (xorshift) for initial weights and batch order.
struct Rng(u64);

impl Rng {
    fn unit(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }

    /// A (rows, cols) matrix, Glorot-uniform.
    fn matrix(&mut self, rows: usize, cols: usize) -> candle_core::Result<Var> {
        let s = (6.0 / (rows + cols) as f64).sqrt();
        let v: Vec<f32> = (0..rows * cols)
            .map(|_| ((self.unit() * 2.0 - 1.0) * s) as f32)
            .collect();
        Var::from_tensor(&Tensor::from_vec(v, (rows, cols), &Device::Cpu)?)
    }

    fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = ((self.unit() * (i + 1) as f64) as usize).min(i);
            v.swap(i, j);
        }
    }
}

/// The head's variables: inner weight and bias, outer weight and bias.
struct HeadVars([Var; 4]);

impl HeadVars {
    fn new(rng: &mut Rng, input: usize, hidden: usize) -> candle_core::Result<HeadVars> {
        let zeros = |n| Var::from_tensor(&Tensor::zeros(n, DType::F32, &Device::Cpu)?);
        Ok(HeadVars([
            rng.matrix(hidden, input)?,
            zeros(hidden)?,
            rng.matrix(LABELS, hidden)?,
            zeros(LABELS)?,
        ]))
    }

    fn head(&self) -> Head {
        let t = |i: usize| self.0[i].as_tensor().clone();
        Head::new(t(0), t(1), t(2), t(3))
    }
}

/// Step 3: fine-tunes the encoder's top layers and a new head on the examples; `progress`
/// hears a line now and then.
fn fine_tune(
    encoder: &Encoder,
    examples: &[Example],
    hidden_size: usize,
    first: usize,
    opts: &Options,
    progress: &(dyn Fn(String) + Sync),
) -> Result<HeadVars, AccurateError> {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let tuned = encoder.layers.len() - first;
    let vars = HeadVars::new(&mut rng, hidden_size * (tuned + 1), opts.hidden)?;
    let adam = |lr| candle_nn::ParamsAdamW {
        lr,
        weight_decay: 1e-4,
        ..Default::default()
    };
    let mut head_opt = candle_nn::AdamW::new(vars.0.to_vec(), adam(opts.head_rate))?;
    let layer_vars = encoder.layers[first..]
        .iter()
        .flat_map(|l| l.vars())
        .collect();
    let mut layer_opt = candle_nn::AdamW::new(layer_vars, adam(opts.layer_rate))?;
    let mut batches = batches(examples, opts.batch_pieces);
    let steps = (opts.epochs * batches.len()).max(1);
    let mut step = 0;
    for epoch in 0..opts.epochs {
        rng.shuffle(&mut batches);
        let mut total = 0.0;
        for batch in &batches {
            let scale = ((step + 1) as f64 / opts.warmup.max(1) as f64).min(1.0)
                * (1.0 - step as f64 / steps as f64).max(0.02);
            head_opt.set_learning_rate(opts.head_rate * scale);
            layer_opt.set_learning_rate(opts.layer_rate * scale);
            let (x, mask, keep, gold) = padded(examples, batch, hidden_size)?;
            let features = tuned_features_masked(encoder, first, &x, &mask, Pass::Train)?;
            let (b, n, d) = features.dims3()?;
            let rows = features
                .reshape((b * n, d))?
                .index_select(&Tensor::new(keep.as_slice(), &Device::Cpu)?, 0)?;
            let loss = candle_nn::loss::cross_entropy(
                &vars.head().scores(&rows)?,
                &Tensor::new(gold.as_slice(), &Device::Cpu)?,
            )?;
            let grads = loss.backward()?;
            head_opt.step(&grads)?;
            layer_opt.step(&grads)?;
            total += f64::from(loss.to_scalar::<f32>()?);
            step += 1;
            if step % 100 == 0 {
                progress(format!(
                    "step {step}/{steps}: loss {:.4}",
                    total / (step - epoch * batches.len()) as f64
                ));
            }
        }
        progress(format!(
            "epoch {}: mean loss {:.4}",
            epoch + 1,
            total / batches.len().max(1) as f64
        ));
    }
    Ok(vars)
}

/// Trains the accurate mode's layers and head on `docs` and returns them as safetensors
/// bytes (f16) for [`crate::AccurateTagger::new`].
pub fn train(
    files: &EncoderFiles,
    docs: &[GoldDoc],
    opts: &Options,
    progress: &(dyn Fn(String) + Sync),
) -> Result<Vec<u8>, AccurateError> {
    let config: Config = serde_json::from_str(&files.config)?;
    let encoder = Encoder::new(&tensors(&files.weights)?, &config)?;
    let pieces = Pieces::new(&files.tokenizer)?;
    let first = match encoder.layers.len().checked_sub(opts.tuned_layers) {
        Some(first) if opts.tuned_layers > 0 => first,
        _ => {
            return Err(AccurateError::Shape(format!(
                "{} tuned layers asked of an encoder of {}",
                opts.tuned_layers,
                encoder.layers.len()
            )))
        }
    };
    let examples = examples(&encoder, &pieces, docs, first)?;
    let total: usize = examples.iter().map(|e| e.labels.len()).sum();
    progress(format!(
        "{} paragraphs, {total} word pieces encoded",
        examples.len()
    ));
    let vars = fine_tune(
        &encoder,
        &examples,
        config.hidden_size,
        first,
        opts,
        progress,
    )?;
    let mut out: HashMap<String, Tensor> = HashMap::new();
    for (i, layer) in encoder.layers.iter().enumerate().skip(first) {
        layer.store(i, &mut out);
    }
    for (name, var) in ["inner.weight", "inner.bias", "outer.weight", "outer.bias"]
        .iter()
        .zip(&vars.0)
    {
        out.insert(format!("head.{name}"), var.as_tensor().clone());
    }
    let out: HashMap<String, Tensor> = out
        .into_iter()
        .map(|(k, t)| Ok((k, t.to_dtype(DType::F16)?)))
        .collect::<candle_core::Result<_>>()?;
    // one header entry, its pairs in order: a map's order would differ from run to run
    let info = HashMap::from([(
        "provenance".to_string(),
        serde_json::to_string(&opts.provenance)?,
    )]);
    let out: std::collections::BTreeMap<String, Tensor> = out.into_iter().collect();
    safetensors::serialize(&out, Some(info)).map_err(|e| AccurateError::Shape(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use whosaid_analysis::quotes::Part;

    fn span(part: Part, start: usize, end: usize) -> TaggedSpan {
        TaggedSpan {
            part,
            span: Span::new(start, end),
        }
    }

    #[test]
    fn later_spans_paint_over_earlier_ones() {
        let doc = GoldDoc {
            text: "Smith said it works".into(),
            paragraphs: vec![Span::new(0, 19)],
            spans: vec![
                span(Part::Content, 0, 19),
                span(Part::Source, 0, 5),
                span(Part::Cue, 6, 10),
            ],
        };
        let (label, id) = paint(&doc);
        assert_eq!(label[0], begins(Part::Source));
        assert_eq!(label[7], begins(Part::Cue));
        assert_eq!(label[12], begins(Part::Content));
        assert_eq!((id[0], id[7], id[12]), (2, 3, 1));
    }

    #[test]
    fn batches_hold_like_lengths_within_the_budget() {
        let ex = |n: usize| Example {
            states: Vec::new(),
            labels: vec![0; n],
        };
        let examples = vec![ex(10), ex(300), ex(12), ex(11), ex(290)];
        let b = batches(&examples, 40);
        assert_eq!(b, vec![vec![0, 3, 2], vec![4], vec![1]]);
    }
}
