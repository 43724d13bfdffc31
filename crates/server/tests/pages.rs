//! The HTML lists page forward by key: a "next" link continues after the page's last
//! quote (or event), and shows what paging by offset shows.

mod common;

use common::*;
use whosaid_analysis::{Analyzer, Article};
use whosaid_store::{ArticleRecord, Store};

/// A store of 70 articles on 70 days, each with two quotes of one speaker and an attack.
fn store_of_many(db: &std::path::Path) {
    let mut store = Store::open(db).expect("store");
    let records: Vec<ArticleRecord> = (0..70)
        .map(|i| {
            let mut article = Article::from_paragraphs(&[
                format!("“We will build {i} bridges,” Jane Doe said."),
                format!("“Roads come next, {i} of them,” Doe said."),
                "Russian troops attacked Kyiv on Monday, officials said.".to_string(),
            ]);
            article.published = Some(format!("2022-{:02}-{:02}", 1 + i / 28, 1 + i % 28));
            ArticleRecord {
                url: Some(format!("https://news.example/{i}")),
                source: None,
                analysis: Analyzer::new().analyze(article),
                input_hash: None,
            }
        })
        .collect();
    store.write_batch(&records).expect("write");
    store.link_surnames().expect("link");
    store.refresh_stats().expect("stats");
}

/// The numbers that follow each `marker` in `text`, in order.
fn numbers_after(text: &str, marker: &str) -> Vec<i64> {
    text.split(marker)
        .skip(1)
        .filter_map(|rest| {
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            digits.parse().ok()
        })
        .collect()
}

/// The quote ids a list page shows, in order (each links to `/articles/N#qID`).
fn quote_ids(body: &str) -> Vec<i64> {
    numbers_after(body, "#q")
}

/// The `href` of the link with this `rel`, unescaped.
fn link(body: &str, rel: &str) -> Option<String> {
    let at = body.find(&format!("rel=\"{rel}\" href=\""))? + rel.len() + 13;
    let end = body[at..].find('"')?;
    Some(body[at..at + end].replace("&amp;", "&"))
}

/// The pager's "51–100 of 140" line.
fn shown(body: &str) -> String {
    let pager = &body[body.find("class=\"pager\"").expect("a pager")..];
    let at = pager.find("class=\"muted\">").expect("its line") + 14;
    pager[at..]
        .split('<')
        .next()
        .unwrap_or_default()
        .to_string()
}

fn next_pages_follow_the_key_and_match_paging_by_offset(path: &str, filter: &str) {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("w.db");
    store_of_many(&db);
    let addr = start(&db, 1 << 20);
    let first = get(addr, &format!("{path}?{filter}"));
    assert_eq!(first.status, 200, "{}", first.body);
    let first_ids = quote_ids(&first.body);
    assert_eq!(first_ids.len(), 50);
    let next = link(&first.body, "next").expect("a next page");
    let last = first_ids.last().expect("rows");
    assert!(
        next.contains(&format!("after={last}")) && next.contains("offset=50"),
        "{next}"
    );
    assert!(next.contains(filter), "the filter is kept: {next}");
    let keyed = get(addr, &next);
    assert_eq!(keyed.status, 200, "{}", keyed.body);
    let by_offset = get(addr, &format!("{path}?{filter}&offset=50"));
    assert_eq!(quote_ids(&keyed.body), quote_ids(&by_offset.body));
    assert!(!quote_ids(&keyed.body).is_empty());
    assert_eq!(shown(&keyed.body), shown(&by_offset.body));
    assert_eq!(shown(&keyed.body), "51–100 of 140");
    let prev = link(&keyed.body, "prev").expect("a previous page");
    assert!(
        prev.contains("offset=0") && !prev.contains("after="),
        "{prev}"
    );
    assert_eq!(quote_ids(&get(addr, &prev).body), first_ids);
    // a key that is no quote is an error page, not a wrong list
    assert_eq!(get(addr, &format!("{path}?after=999999")).status, 404);
}

#[test]
fn the_quote_list_pages_forward_by_key() {
    next_pages_follow_the_key_and_match_paging_by_offset("/quotes", "kind=direct");
}

#[test]
fn a_speakers_quotes_page_forward_by_key() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("w.db");
    store_of_many(&db);
    let store = Store::open(&db).expect("store");
    let jane = store.speakers(1, true).expect("speakers")[0].entity_id;
    drop(store);
    next_pages_follow_the_key_and_match_paging_by_offset(
        &format!("/speakers/{jane}"),
        "kind=direct",
    );
}

/// The article ids an event list links to, in order (one event per article here).
fn event_articles(body: &str) -> Vec<i64> {
    let table = body.split("<tbody>").nth(1).unwrap_or_default();
    numbers_after(table, "href=\"/articles/")
}

#[test]
fn the_event_list_pages_forward_by_key() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("w.db");
    store_of_many(&db);
    let addr = start(&db, 1 << 20);
    let first = get(addr, "/events?kind=FIGHT&limit=20");
    assert_eq!(first.status, 200, "{}", first.body);
    assert_eq!(event_articles(&first.body).len(), 20);
    let mut pages = vec![event_articles(&first.body)];
    let mut next = link(&first.body, "next");
    while let Some(href) = next {
        assert!(
            href.contains("after=") && href.contains("kind=FIGHT"),
            "{href}"
        );
        let page = get(addr, &href);
        assert_eq!(page.status, 200, "{}", page.body);
        pages.push(event_articles(&page.body));
        next = link(&page.body, "next");
    }
    assert_eq!(pages.len(), 4, "70 events, 20 a page");
    for (n, page) in pages.iter().enumerate() {
        let by_offset = get(
            addr,
            &format!("/events?kind=FIGHT&limit=20&offset={}", n * 20),
        );
        assert_eq!(&event_articles(&by_offset.body), page, "page {n}");
    }
    let third = get(
        addr,
        &link(
            &get(addr, &link(&first.body, "next").expect("next")).body,
            "next",
        )
        .expect("next"),
    );
    assert_eq!(shown(&third.body), "41–60 of 70");
    assert_eq!(get(addr, "/events?after=999999").status, 404);
}
