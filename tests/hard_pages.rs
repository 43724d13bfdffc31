//! Golden tests for pages that extractors get wrong: an article split over two `<article>`
//! parts with an advertisement between them, a cookie banner and a newsletter box around
//! the story, a date found only in the canonical URL, and a date printed under the
//! headline. Each page is a file in `tests/pages/`; what must come out of it is here.

use whosaid_html::{Kind, RawDocument};

fn read(name: &str) -> whosaid_analysis::Article {
    let path = format!("{}/tests/pages/{name}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&path).expect("page");
    RawDocument {
        bytes,
        kind: Kind::Html,
        name: Some(path),
        ..RawDocument::default()
    }
    .into_article()
    .expect("an article")
}

fn paragraphs(a: &whosaid_analysis::Article) -> Vec<&str> {
    a.paragraphs.iter().map(|p| p.slice(&a.text)).collect()
}

#[test]
fn both_parts_of_a_split_article_are_kept() {
    let a = read("split-article.html");
    let p = paragraphs(&a);
    assert_eq!(
        a.title.as_deref(),
        Some("Budget talks resume after a week of deadlock")
    );
    assert_eq!(p.len(), 6, "{p:#?}");
    assert!(p[0].starts_with("“We are closer than we were,” said Maria Lopez"));
    assert!(p[5].starts_with("“This is not over,” said Tom Berg"));
    for boilerplate in ["Advertisement", "All rights reserved", "Home", "Politics"] {
        assert!(!a.text.contains(boilerplate), "{boilerplate} in {}", a.text);
    }
}

#[test]
fn a_cookie_banner_and_a_newsletter_box_are_dropped() {
    let a = read("cookie-wall.html");
    assert_eq!(a.title.as_deref(), Some("Port strike ends after nine days"));
    assert_eq!(a.published.as_deref(), Some("2023-05-04T10:00:00Z"));
    let p = paragraphs(&a);
    assert_eq!(p.len(), 4, "{p:#?}");
    assert!(p[3].contains("Anna Kowalski"));
    for boilerplate in ["cookies", "newsletter", "Subscribe", "Manage preferences"] {
        assert!(!a.text.contains(boilerplate), "{boilerplate} in {}", a.text);
    }
}

#[test]
fn a_date_only_in_the_url_dates_the_page() {
    let a = read("date-in-url.html");
    assert_eq!(a.published.as_deref(), Some("2016-10-12"));
    assert_eq!(a.published_from.as_deref(), Some("url"));
    assert_eq!(paragraphs(&a).len(), 3);
}

#[test]
fn a_date_under_the_headline_dates_the_page_and_is_no_paragraph() {
    let a = read("date-under-headline.html");
    assert_eq!(a.published.as_deref(), Some("2025-12-15"));
    assert_eq!(a.published_from.as_deref(), Some("headline"));
    assert_eq!(
        a.title.as_deref(),
        Some("Understanding mathematics through proofs")
    );
    let p = paragraphs(&a);
    assert_eq!(p.len(), 3, "{p:#?}");
    assert!(p[0].starts_with("Most of us learned mathematics"));
    assert!(!a.text.contains("Updated daily"));
}
