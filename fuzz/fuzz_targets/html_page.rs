//! The HTML edge: any bytes read as a web page (decoding, nesting guard, extraction,
//! metadata) give an article or an error, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use whosaid_html::{Kind, RawDocument};

fuzz_target!(|bytes: &[u8]| {
    let doc = RawDocument {
        bytes: bytes.to_vec(),
        kind: Kind::Html,
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
