//! The plain-text reader: any bytes read as a text article (title line, paragraphs).
#![no_main]

use libfuzzer_sys::fuzz_target;
use whosaid_html::{Kind, RawDocument};

fuzz_target!(|bytes: &[u8]| {
    let doc = RawDocument {
        bytes: bytes.to_vec(),
        kind: Kind::Text,
        name: Some("fuzz_2016-10-12.txt".to_string()),
        ..RawDocument::default()
    };
    if let Ok(article) = doc.into_article() {
        for p in &article.paragraphs {
            assert!(
                article.text.get(p.start..p.end).is_some(),
                "a paragraph off the text"
            );
        }
    }
});
