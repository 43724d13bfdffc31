//! The WARC reader on any byte stream.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let stream = std::io::Cursor::new(bytes.to_vec());
    for item in
        whosaid_html::containers::warc_records(stream, "fuzz.warc".into(), Default::default())
    {
        if let Ok(input) = item {
            let _ = input.doc.into_article();
        }
    }
});
