//! The accurate mode's tagger: pieces → encoder → head → well-formed spans, paragraph by
//! paragraph.

use std::collections::HashMap;

use candle_core::{DType, Device, Tensor};
use whosaid_analysis::quotes::{SpanTagger, TaggedSpan};
use whosaid_analysis::{Budget, Span};

use crate::encoder::{weight, Config, Encoder, Pass};
use crate::head::{self, Head, LABELS};
use crate::pieces::{Piece, Pieces};
use crate::{AccurateError, EncoderFiles, FIRST_TUNED_LAYER};

/// The encoder with its fine-tuned top layers and the tagging head.
pub struct AccurateTagger {
    encoder: Encoder,
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
        let layers = tuned
            .keys()
            .filter(|k| k.starts_with("encoder.layer."))
            .count();
        if layers == 0 {
            return Err(AccurateError::Shape("no fine-tuned layers".into()));
        }
        weights.extend(tuned.into_iter().filter(|(k, _)| k.starts_with("encoder.")));
        Ok(AccurateTagger {
            encoder: Encoder::new(&weights, &config)?,
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
        let states = self.encoder.states(&ids, FIRST_TUNED_LAYER, Pass::Infer)?;
        let frozen = states[FIRST_TUNED_LAYER].unsqueeze(0)?;
        let features = tuned_features(&self.encoder, &frozen)?.squeeze(0)?;
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

/// The frozen layer's states (batch, n, hidden) through the tuned layers, concatenated
/// with them: the head's input (batch, n, hidden × (tuned layers + 1)).
pub(crate) fn tuned_features(encoder: &Encoder, frozen: &Tensor) -> candle_core::Result<Tensor> {
    let (b, n, _) = frozen.dims3()?;
    let mask = Tensor::zeros((b, 1, 1, n), DType::F32, &Device::Cpu)?;
    tuned_features_masked(encoder, frozen, &mask, Pass::Infer)
}

/// As [`tuned_features`], with a padding mask (batch, 1, 1, n).
pub(crate) fn tuned_features_masked(
    encoder: &Encoder,
    frozen: &Tensor,
    mask: &Tensor,
    pass: Pass,
) -> candle_core::Result<Tensor> {
    let mut states = vec![frozen.clone()];
    for layer in &encoder.layers[FIRST_TUNED_LAYER..] {
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
