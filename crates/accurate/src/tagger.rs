//! The accurate mode's tagger: pieces → encoder → head → well-formed spans, paragraph by
//! paragraph.

use std::collections::HashMap;

use candle_core::{DType, Device, Tensor};
use whosaid_analysis::quotes::{SpanTagger, TaggedSpan};
use whosaid_analysis::{Budget, Span};

use crate::encoder::{weight, Config, Encoder, Pass};
use crate::head::{self, Head, LABELS};
use crate::pieces::{Piece, Pieces};
use crate::{AccurateError, EncoderFiles};

/// The encoder with its fine-tuned top layers and the tagging head.
pub struct AccurateTagger {
    encoder: Encoder,
    /// The lowest fine-tuned layer: the pretrained layers below it run as they are.
    first_tuned: usize,
    pieces: Pieces,
    head: Head,
}

impl std::fmt::Debug for AccurateTagger {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AccurateTagger")
            .field("layers", &self.encoder.layers.len())
            .finish()
    }
}

/// Safetensors bytes as f32 tensors by name.
pub(crate) fn tensors(bytes: &[u8]) -> Result<HashMap<String, Tensor>, AccurateError> {
    let mut out = candle_core::safetensors::load_buffer(bytes, &Device::Cpu)?;
    for t in out.values_mut() {
        *t = t.to_dtype(DType::F32)?;
    }
    Ok(out)
}

impl AccurateTagger {
    /// The pretrained encoder of `files` with the fine-tuned layers and head of `tuned`
    /// (safetensors bytes, such as [`crate::SHIPPED_WEIGHTS`]).
    pub fn new(files: &EncoderFiles, tuned: &[u8]) -> Result<AccurateTagger, AccurateError> {
        let config: Config = serde_json::from_str(&files.config)?;
        let mut weights = tensors(&files.weights)?;
        let tuned = tensors(tuned)?;
        let head = Head::new(
            weight(&tuned, "head.inner.weight")?,
            weight(&tuned, "head.inner.bias")?,
            weight(&tuned, "head.outer.weight")?,
            weight(&tuned, "head.outer.bias")?,
        );
        let first_tuned = first_tuned_layer(tuned.keys().map(String::as_str))
            .ok_or_else(|| AccurateError::Shape("no fine-tuned layers".into()))?;
        weights.extend(tuned.into_iter().filter(|(k, _)| k.starts_with("encoder.")));
        let encoder = Encoder::new(&weights, &config)?;
        if first_tuned >= encoder.layers.len() {
            return Err(AccurateError::Shape(format!(
                "a fine-tuned layer {first_tuned} in an encoder of {} layers",
                encoder.layers.len()
            )));
        }
        Ok(AccurateTagger {
            encoder,
            first_tuned,
            pieces: Pieces::new(&files.tokenizer)?,
            head,
        })
    }

    /// The label of every piece of one chunk (at most the encoder's length less two).
    fn label_chunk(&self, chunk: &[Piece]) -> Result<Vec<u8>, AccurateError> {
        let mut ids = Vec::with_capacity(chunk.len() + 2);
        ids.push(self.pieces.cls);
        ids.extend(chunk.iter().map(|p| p.id));
        ids.push(self.pieces.sep);
        let first = self.first_tuned;
        let states = self.encoder.states(&ids, first, Pass::Infer)?;
        let frozen = states[first].unsqueeze(0)?;
        let features = tuned_features(&self.encoder, first, &frozen)?.squeeze(0)?;
        let features = features.narrow(0, 1, chunk.len())?;
        let logp = candle_nn::ops::log_softmax(&self.head.scores(&features)?, 1)?;
        let rows: Vec<[f32; LABELS]> = logp
            .to_vec2::<f32>()?
            .into_iter()
            .map(|r| {
                let mut a = [f32::NEG_INFINITY; LABELS];
                for (slot, v) in a.iter_mut().zip(r) {
                    *slot = v;
                }
                a
            })
            .collect();
        Ok(head::best_labels(&rows))
    }

    /// The spans of one paragraph, in bytes of the whole text.
    fn tag_paragraph(&self, text: &str, at: Span) -> Result<Vec<TaggedSpan>, AccurateError> {
        let pieces = self.pieces.of(at.slice(text))?;
        let mut out = Vec::new();
        for chunk in pieces.chunks(self.encoder.max_len - 2) {
            let labels = self.label_chunk(chunk)?;
            for (part, a, b) in head::spans(&labels) {
                out.push(TaggedSpan {
                    part,
                    span: Span::new(at.start + chunk[a].start, at.start + chunk[b - 1].end),
                });
            }
        }
        Ok(out)
    }
}

/// The lowest layer whose weights a fine-tuned file holds (`encoder.layer.N.…`), if any.
fn first_tuned_layer<'a>(names: impl Iterator<Item = &'a str>) -> Option<usize> {
    names
        .filter_map(|k| {
            k.strip_prefix("encoder.layer.")?
                .split('.')
                .next()?
                .parse()
                .ok()
        })
        .min()
}

/// The states (batch, n, hidden) below layer `first` through the tuned layers from
/// `first` up, concatenated with them: the head's input (batch, n, hidden × (tuned
/// layers + 1)).
pub(crate) fn tuned_features(
    encoder: &Encoder,
    first: usize,
    frozen: &Tensor,
) -> candle_core::Result<Tensor> {
    let (b, n, _) = frozen.dims3()?;
    let mask = Tensor::zeros((b, 1, 1, n), DType::F32, &Device::Cpu)?;
    tuned_features_masked(encoder, first, frozen, &mask, Pass::Infer)
}

/// As [`tuned_features`], with a padding mask (batch, 1, 1, n).
pub(crate) fn tuned_features_masked(
    encoder: &Encoder,
    first: usize,
    frozen: &Tensor,
    mask: &Tensor,
    pass: Pass,
) -> candle_core::Result<Tensor> {
    let mut states = vec![frozen.clone()];
    for layer in encoder.layers.iter().skip(first) {
        let next = layer.forward(states.last().unwrap_or(frozen), mask, pass)?;
        states.push(next);
    }
    Tensor::cat(&states, 2)
}

impl SpanTagger for AccurateTagger {
    fn tag(&self, text: &str, paragraphs: &[Span], budget: &Budget) -> Vec<TaggedSpan> {
        let mut out = Vec::new();
        for &p in paragraphs {
            if budget.spent() {
                break;
            }
            if p.end > text.len()
                || !text.is_char_boundary(p.start)
                || !text.is_char_boundary(p.end)
            {
                continue;
            }
            // a tensor error on one paragraph (none is expected) loses that paragraph only
            if let Ok(spans) = self.tag_paragraph(text, p) {
                out.extend(spans);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lowest_layer_a_file_holds_is_the_first_tuned() {
        let names = [
            "head.inner.weight",
            "encoder.layer.5.output.dense.weight",
            "encoder.layer.2.attention.self.query.weight",
            "encoder.layer.10.output.dense.bias",
        ];
        assert_eq!(first_tuned_layer(names.into_iter()), Some(2));
        assert_eq!(first_tuned_layer(["head.inner.weight"].into_iter()), None);
        assert_eq!(first_tuned_layer(["encoder.layer.x.w"].into_iter()), None);
    }

    #[test]
    fn the_shipped_weights_say_which_layers_they_tune() {
        let names = candle_core::safetensors::load_buffer(crate::SHIPPED_WEIGHTS, &Device::Cpu)
            .expect("shipped weights");
        let first = first_tuned_layer(names.keys().map(String::as_str)).expect("a layer");
        assert!((1..6).contains(&first), "{first}");
    }
}
