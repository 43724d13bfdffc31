//! Property test: decoding and extraction never panic on random bytes or markup.

use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn random_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..3000)) {
        if let Ok(text) = whosaid_html::decode(&bytes, true) {
            let _ = whosaid_html::extract(&text);
        }
    }

    #[test]
    fn random_markup(parts in proptest::collection::vec(prop_oneof![
        Just("<p>"), Just("</p>"), Just("<div class=\"content\">"), Just("</div>"), Just("<article>"),
        Just("<script>"), Just("</script>"), Just("<meta charset=\"latin1\">"), Just("“Quote,” he said."),
        Just("<title>T - site</title>"), Just("<h1>"), Just("&amp;"), Just("<!--"), Just("text words here"),
    ], 0..120)) {
        let html = parts.concat();
        let _ = whosaid_html::extract(&html);
    }
}
