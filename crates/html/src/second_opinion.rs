//! A second extractor beside Readability: rs-trafilatura (MIT or Apache-2.0), a Rust port
//! of trafilatura with a page classifier trained on the WCXB page types. It says what kind
//! of page this is (article, forum, product, collection, listing, documentation, service)
//! and offers its own main text; [`choose`] keeps the text that measures better.
//!
//! On WCXB dev (1,356 pages), Readability alone scores text F1 0.786 over all page types
//! and 0.931 on articles; rs-trafilatura alone 0.843 / 0.935; the choice below 0.850 /
//! 0.948 (docs/extraction.md). The classifier tells article pages from the rest right on
//! 95 % of them when it knows the URL, 93 % without.

use whosaid_analysis::types::PageType;

/// Pages with more nodes and attributes than this together are not given to the second
/// extractor: its selectors walk the whole tree, attributes included, many times, and a
/// hostile page of a hundred thousand elements or attributes would hold a worker for
/// minutes. No news page comes near it.
pub const MAX_PARTS: usize = 60_000;

/// What rs-trafilatura made of a page.
#[derive(Debug, Clone, PartialEq)]
pub struct Opinion {
    /// Its main text, paragraphs one to a line.
    pub text: String,
    /// The page type its classifier chose; `None` for a fragment of a page (no `<meta>`
    /// element: a feed item's HTML, a JSON line's article body), which it cannot tell.
    pub page_type: Option<PageType>,
}

/// The page type of one of rs-trafilatura's names.
fn page_type(name: &str) -> Option<PageType> {
    Some(match name {
        "article" => PageType::Article,
        "forum" => PageType::Forum,
        "product" => PageType::Product,
        "collection" | "category" => PageType::Collection,
        "listing" => PageType::Listing,
        "documentation" => PageType::Documentation,
        "service" => PageType::Service,
        _ => return None,
    })
}

/// rs-trafilatura's reading of `html` (whose URL, when known, helps the classifier), or
/// `None` when it finds nothing or fails. `whole_page`: whether `html` is a whole web page
/// with its `<meta>` elements, which the classifier needs.
pub fn ask(html: &str, url: Option<&str>, whole_page: bool) -> Option<Opinion> {
    let options = rs_trafilatura::Options {
        url: url.map(str::to_string),
        ..rs_trafilatura::Options::default()
    };
    // a third-party crate on arbitrary pages: a panic in it costs its opinion, not the page
    let result = std::panic::catch_unwind(|| rs_trafilatura::extract_with_options(html, &options))
        .ok()?
        .ok()?;
    let page_type = result
        .metadata
        .page_type
        .as_deref()
        .and_then(page_type)
        .filter(|_| whole_page);
    Some(Opinion {
        text: result.content_text,
        page_type,
    })
}

/// Whose text to keep: the second extractor's, unless the page is an article and
/// Readability's text is much the longer (over 1.4 times: Readability keeps whole
/// articles that rs-trafilatura cuts short; on other pages rs-trafilatura's type-aware
/// profiles keep what Readability drops). `first_len` (Readability's text) and the
/// opinion's text are counted in bytes.
pub fn prefer_second(first_len: usize, opinion: &Opinion) -> bool {
    if opinion.text.trim().is_empty() {
        return false;
    }
    let article = opinion.page_type.is_none_or(|t| t == PageType::Article);
    !article || opinion.text.len() * 10 > first_len * 7
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_map_to_page_types() {
        assert_eq!(page_type("category"), Some(PageType::Collection));
        assert_eq!(page_type("forum"), Some(PageType::Forum));
        assert_eq!(page_type("blog"), None);
    }

    #[test]
    fn readability_keeps_an_article_it_reads_much_longer() {
        let short = Opinion {
            text: "x".repeat(600),
            page_type: Some(PageType::Article),
        };
        assert!(!prefer_second(1000, &short));
        assert!(prefer_second(800, &short));
        let listing = Opinion {
            page_type: Some(PageType::Listing),
            ..short.clone()
        };
        assert!(prefer_second(5000, &listing));
        let empty = Opinion {
            text: " ".into(),
            page_type: Some(PageType::Listing),
        };
        assert!(!prefer_second(10, &empty));
    }

    #[test]
    fn a_fragment_has_no_page_type() {
        let o = ask(
            "<p>Talks will continue, Sergey Lavrov said.</p>",
            None,
            false,
        )
        .expect("read");
        assert_eq!(o.page_type, None);
    }

    #[test]
    fn a_news_story_is_an_article() {
        let html = format!(
            "<html><head><title>Talks fail</title><meta property='og:type' content='article'>\
             </head><body><article><h1>Talks fail</h1>{}</article></body></html>",
            "<p>The minister said on Tuesday that the talks had failed and that the \
             opposition would vote against the bill next week in parliament.</p>"
                .repeat(8)
        );
        let o = ask(
            &html,
            Some("https://example.com/2024/05/01/talks-fail"),
            true,
        )
        .expect("read");
        assert_eq!(o.page_type, Some(PageType::Article));
        assert!(o.text.contains("the talks had failed"));
    }
}
