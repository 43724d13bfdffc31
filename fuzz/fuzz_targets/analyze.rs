//! The whole analysis of any bytes (HTML or text, sniffed), within a time budget: every
//! span it returns lies on character boundaries of the article text.
#![no_main]

use std::time::Duration;

use libfuzzer_sys::fuzz_target;
use whosaid_analysis::{Analyzer, Budget};
use whosaid_html::{Kind, RawDocument};

fuzz_target!(|bytes: &[u8]| {
    let doc = RawDocument {
        bytes: bytes.to_vec(),
        kind: Kind::Auto,
        published: Some("2022-02-01".to_string()),
        ..RawDocument::default()
    };
    let budget = Budget::for_duration(Duration::from_secs(5));
    if let Ok(a) = doc.analyze(&Analyzer::new(), &budget) {
        let text = &a.article.text;
        for q in &a.quotes {
            for s in &q.content {
                assert!(
                    text.get(s.start..s.end).is_some(),
                    "a quote span off the text"
                );
            }
        }
        for e in &a.entities {
            for m in &e.mentions {
                assert!(
                    text.get(m.span.start..m.span.end).is_some(),
                    "a mention off the text"
                );
            }
        }
    }
});
