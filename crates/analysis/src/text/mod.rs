//! The text stage: tokens, sentences and paragraphs with byte offsets.

pub mod language;
pub mod phrases;
pub mod pos;
pub mod sentences;
pub mod tokens;

use std::ops::Range;

use crate::budget::Budget;
use crate::types::{Article, Span};
pub use tokens::{Token, TokenKind};

/// A feature of the learned taggers: the shape class of a token that is no word (`Q`
/// quotation mark, `d` number, `p` punctuation); `None` for a word, whose shape each
/// tagger describes its own way.
pub fn non_word_shape(kind: TokenKind) -> Option<&'static str> {
    match kind {
        TokenKind::Quote => Some("Q"),
        TokenKind::Number => Some("d"),
        TokenKind::Punct => Some("p"),
        TokenKind::Word => None,
    }
}

/// The last `n` characters of a word (the whole word when shorter): a feature of the
/// learned taggers.
pub fn suffix(w: &str, n: usize) -> &str {
    let start = w
        .char_indices()
        .rev()
        .nth(n.saturating_sub(1))
        .map(|(i, _)| i)
        .unwrap_or(0);
    &w[start..]
}

/// A paragraph and the tokens inside it.
#[derive(Debug, Clone)]
pub struct Paragraph {
    /// Where it stands.
    pub span: Span,
    /// Its tokens, as a range into `Doc::tokens`.
    pub tokens: Range<usize>,
}

/// A sentence and the tokens inside it.
#[derive(Debug, Clone)]
pub struct SentenceTokens {
    /// Where it stands.
    pub span: Span,
    /// Its tokens, as a range into `Doc::tokens`.
    pub tokens: Range<usize>,
    /// Index of its paragraph.
    pub paragraph: usize,
}

/// The tokenized article that later stages read.
#[derive(Debug, Clone)]
pub struct Doc<'a> {
    /// The article text.
    pub text: &'a str,
    /// All tokens in order.
    pub tokens: Vec<Token>,
    /// Paragraphs in order.
    pub paragraphs: Vec<Paragraph>,
    /// Sentences in order.
    pub sentences: Vec<SentenceTokens>,
    /// Each token's words in lower case (computed once; stages compare against them).
    lowered: Lowered,
    /// Each token's part-of-speech tag (indices into [`pos::TAGS`]); empty until
    /// [`Doc::tag`] runs.
    pub tags: Vec<u8>,
    /// How long the stages may go on with this document (unlimited by default).
    pub budget: Budget,
}

impl<'a> Doc<'a> {
    /// Tokenizes and segments an article.
    pub fn new(article: &'a Article) -> Doc<'a> {
        let text = article.text.as_str();
        let mut tokens = Vec::new();
        let mut paragraphs = Vec::new();
        for span in &article.paragraphs {
            if span.end > text.len()
                || !text.is_char_boundary(span.start)
                || !text.is_char_boundary(span.end)
            {
                continue;
            }
            let start = tokens.len();
            tokens.extend(tokens::tokenize(text, *span));
            paragraphs.push(Paragraph {
                span: *span,
                tokens: start..tokens.len(),
            });
        }
        let sentences = sentences::split(text, &tokens, &paragraphs);
        let lowered = Lowered::new(text, &tokens);
        Doc {
            text,
            tokens,
            paragraphs,
            sentences,
            lowered,
            tags: Vec::new(),
            budget: Budget::default(),
        }
    }

    /// True once the document's budget is spent: long loops stop early, and the analyzer
    /// throws their partial results away.
    pub fn over_budget(&self) -> bool {
        self.budget.spent()
    }

    /// Tags every token's part of speech with `tagger`.
    pub fn tag(&mut self, tagger: &pos::PosTagger) {
        self.tags = tagger.tag(self);
    }

    /// True for the apostrophe of a plural possessive ("the Workers' Party"), which opens no
    /// quotation: glued to a word ending in s, not glued to the next token.
    pub fn is_plural_possessive(&self, i: usize) -> bool {
        let Some(tok) = self.tokens.get(i) else {
            return false;
        };
        matches!(self.word(i), "'" | "’")
            && i > 0
            && self.tokens[i - 1].span.end == tok.span.start
            && self.word(i - 1).ends_with(['s', 'S'])
            && self
                .tokens
                .get(i + 1)
                .is_none_or(|next| next.span.start > tok.span.end)
    }

    /// The part-of-speech tag of token `i` (`"?"` before tagging or out of range).
    pub fn pos(&self, i: usize) -> &'static str {
        self.tags.get(i).map(|&t| pos::tag_name(t)).unwrap_or("?")
    }

    /// The words of token `i`.
    pub fn word(&self, i: usize) -> &'a str {
        self.tokens
            .get(i)
            .map(|t| t.span.slice(self.text))
            .unwrap_or("")
    }

    /// The words of token `i` in lower case.
    pub fn lower(&self, i: usize) -> &str {
        self.lowered.get(i)
    }

    /// Index of the sentence holding token `i`.
    pub fn sentence_of(&self, i: usize) -> Option<usize> {
        let idx = self.sentences.partition_point(|s| s.tokens.end <= i);
        (idx < self.sentences.len() && self.sentences[idx].tokens.contains(&i)).then_some(idx)
    }

    /// Index of the paragraph holding token `i`.
    pub fn paragraph_of(&self, i: usize) -> Option<usize> {
        let idx = self.paragraphs.partition_point(|p| p.tokens.end <= i);
        (idx < self.paragraphs.len() && self.paragraphs[idx].tokens.contains(&i)).then_some(idx)
    }

    /// First token whose start is at or after byte `pos`.
    pub fn token_at_or_after(&self, pos: usize) -> usize {
        self.tokens.partition_point(|t| t.span.start < pos)
    }

    /// True when token `i` starts with an upper-case letter.
    pub fn is_capitalized(&self, i: usize) -> bool {
        self.tokens
            .get(i)
            .is_some_and(|t| t.kind == TokenKind::Word)
            && self.word(i).chars().next().is_some_and(char::is_uppercase)
    }

    /// Span from the start of token `a` to the end of token `b - 1`.
    pub fn span_of(&self, range: Range<usize>) -> Span {
        match (
            self.tokens.get(range.start),
            range.end.checked_sub(1).and_then(|e| self.tokens.get(e)),
        ) {
            (Some(a), Some(b)) if range.end > range.start => Span::new(a.span.start, b.span.end),
            _ => Span::new(0, 0),
        }
    }
}

/// Every token in lower case, in one buffer (no allocation per token).
#[derive(Debug, Clone, Default)]
struct Lowered {
    text: String,
    /// Where token `i` ends in `text` (it starts where token `i - 1` ends).
    ends: Vec<usize>,
}

impl Lowered {
    fn new(text: &str, tokens: &[Token]) -> Lowered {
        let mut out = Lowered {
            text: String::with_capacity(text.len()),
            ends: Vec::with_capacity(tokens.len()),
        };
        for t in tokens {
            let word = t.span.slice(text);
            if word.is_ascii() {
                out.text
                    .extend(word.chars().map(|c| c.to_ascii_lowercase()));
            } else {
                out.text.push_str(&word.to_lowercase());
            }
            out.ends.push(out.text.len());
        }
        out
    }

    fn get(&self, i: usize) -> &str {
        let start = if i == 0 {
            0
        } else {
            self.ends.get(i - 1).copied().unwrap_or(0)
        };
        let end = self.ends.get(i).copied().unwrap_or(start);
        self.text.get(start..end).unwrap_or("")
    }
}
