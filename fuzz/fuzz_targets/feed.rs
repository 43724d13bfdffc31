//! The RSS/Atom reader on any bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    for item in whosaid_html::containers::feed_entries(bytes, "fuzz.rss", Default::default()) {
        if let Ok(input) = item {
            let _ = input.doc.into_article();
        }
    }
});
