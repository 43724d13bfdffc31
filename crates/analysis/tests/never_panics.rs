//! Property tests: the analyzer never panics, and every span it returns slices the text.

use proptest::prelude::*;
use whosaid_analysis::{plaintext, Analysis, Analyzer, Article};

fn check(a: &Analysis) {
    let text = &a.article.text;
    for s in &a.sentences {
        assert!(text.get(s.span.start..s.span.end).is_some());
    }
    for q in &a.quotes {
        for c in &q.content {
            assert!(text.get(c.start..c.end).is_some());
        }
        if let Some(m) = q.speaker.as_ref().and_then(|s| s.mention) {
            assert!(text.get(m.start..m.end).is_some());
        }
    }
    for e in &a.entities {
        for m in &e.mentions {
            assert_eq!(text.get(m.span.start..m.span.end), Some(m.text.as_str()));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn random_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
        let text = String::from_utf8_lossy(&bytes);
        check(&Analyzer::new().analyze(plaintext::parse(&text)));
        check(&Analyzer::new().analyze(Article::from_raw_text(&text)));
    }

    #[test]
    fn random_unicode(text in "\\PC{0,600}") {
        check(&Analyzer::new().analyze(plaintext::parse(&text)));
        check(&Analyzer::new().analyze(Article::from_raw_text(&text)));
    }

    #[test]
    fn news_like_text(words in proptest::collection::vec(prop_oneof![
        Just("“"), Just("”"), Just("\""), Just("‘"), Just("’"), Just("'"), Just("``"), Just("''"),
        Just("said"), Just("told"), Just("according to"), Just("he"), Just("she"), Just("it"),
        Just("President"), Just("Vladimir Putin"), Just("Putin"), Just("U.S."), Just("Mr."), Just("Russia’s"),
        Just(","), Just("."), Just(":"), Just("\n\n"), Just("that"), Just("the"), Just("NATO"), Just("Smith"),
    ], 0..200)) {
        let text = words.join(" ");
        check(&Analyzer::new().analyze(plaintext::parse(&text)));
        check(&Analyzer::new().analyze(Article::from_raw_text(&text)));
    }
}
