//! The language of an article, told by `whatlang` (MIT) from its first few thousand bytes.
//! whosaid's lexicons and learned models read English: an article reliably told to be in
//! another language is reported as such and not analysed as English.

/// ISO 639-3 code of English.
pub const ENGLISH: &str = "eng";

/// How much of the text is read to tell its language.
const SAMPLE_BYTES: usize = 4096;

/// The ISO 639-3 code of the text's language, when whatlang tells it reliably.
///
/// ```
/// use whosaid_analysis::text::language::detect;
/// assert_eq!(detect("The minister said on Tuesday that the talks had failed and that the opposition would vote against the bill."), Some("eng"));
/// assert_eq!(detect("Der Minister sagte am Dienstag, die Gespräche seien gescheitert und die Opposition werde gegen das Gesetz stimmen."), Some("deu"));
/// ```
pub fn detect(text: &str) -> Option<&'static str> {
    let mut end = text.len().min(SAMPLE_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let info = whatlang::detect(&text[..end])?;
    info.is_reliable().then(|| info.lang().code())
}

/// The English name of a language code ("deu" → "German"), or the code itself.
pub fn name(code: &str) -> &str {
    whatlang::Lang::from_code(code).map_or(code, |l| l.eng_name())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_or_mixed_text_is_not_told() {
        assert_eq!(detect(""), None);
        assert_eq!(name("fra"), "French");
        assert_eq!(name("xyz"), "xyz");
    }
}
