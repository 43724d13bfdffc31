//! Word pieces of a paragraph with their byte offsets, by the encoder's own tokenizer.

use crate::AccurateError;

/// A word piece: its id and where it stands in the text it came from (bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Piece {
    /// The vocabulary id.
    pub id: u32,
    /// First byte.
    pub start: usize,
    /// Byte after the last.
    pub end: usize,
}

/// The encoder's tokenizer, without the truncation and padding its file asks for.
pub struct Pieces {
    tokenizer: tokenizers::Tokenizer,
    /// The id of `[CLS]`.
    pub cls: u32,
    /// The id of `[SEP]`.
    pub sep: u32,
}

fn tokenizer_error(e: impl std::fmt::Display) -> AccurateError {
    AccurateError::Tokenizer(e.to_string())
}

impl Pieces {
    /// The tokenizer of `tokenizer.json`'s bytes.
    pub fn new(json: &[u8]) -> Result<Pieces, AccurateError> {
        let mut tokenizer = tokenizers::Tokenizer::from_bytes(json).map_err(tokenizer_error)?;
        tokenizer.with_truncation(None).map_err(tokenizer_error)?;
        tokenizer.with_padding(None);
        let id = |t: &str| {
            tokenizer
                .token_to_id(t)
                .ok_or_else(|| AccurateError::Tokenizer(format!("no {t} in the vocabulary")))
        };
        Ok(Pieces {
            cls: id("[CLS]")?,
            sep: id("[SEP]")?,
            tokenizer,
        })
    }

    /// The pieces of `text`, offsets in bytes of `text`.
    pub fn of(&self, text: &str) -> Result<Vec<Piece>, AccurateError> {
        let encoding = self
            .tokenizer
            .encode(text, false)
            .map_err(tokenizer_error)?;
        Ok(encoding
            .get_ids()
            .iter()
            .zip(encoding.get_offsets())
            .map(|(&id, &(start, end))| Piece { id, start, end })
            .collect())
    }
}
