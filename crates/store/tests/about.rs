//! The `about` filter of a quote list, on SQLite and on PostgreSQL: the quotes that mention
//! an entity it names or hold its words as whole words — "US" not in "business", "economy"
//! not in "economic" — the same whether the matches are gathered from the indexes (few) or
//! met on a walk through the list (many, with a page of one), and nothing for words the
//! corpus lacks.

mod common;

use common::{record, Engine};
use whosaid_store::{ArticleRecord, QuoteFilter, Store};

fn written_store(engine: &Engine) -> Store {
    let mut store = engine.open();
    let quotes = [
        "“The US will act now,” Joe Biden said.",
        "“Business is good, and thus we grow,” Anna Berg said.",
        "“Our economy is strong,” Anna Berg said.",
        "“Economic growth is slow,” Anna Berg said.",
        "“The economy, the whole economy, matters,” Joe Biden said.",
        "“Their ECONOMY\nshrank,” Anna Berg said.",
        "“We stand with the U.S.-led effort,” Anna Berg said.",
        "“Let us talk,” Joe Biden said.",
        "“The US must lead,” Joe Biden said.",
        "“Tell us more about the US,” Anna Berg said.",
    ];
    let records: Vec<ArticleRecord> = quotes
        .iter()
        .enumerate()
        .map(|(i, q)| {
            let day = format!("2022-03-{:02}", i + 1);
            record(
                &format!("https://e.example/{i}"),
                Some(&day),
                &[q.to_string()],
            )
        })
        .collect();
    store.write_batch(&records).expect("write");
    store.refresh_stats().expect("stats");
    store
}

/// The quotes' texts under `about`, read as one list and then page by page (one row a
/// page, which makes a frequent `about` walk the list); the two must agree.
fn about(store: &Store, about: &str) -> Vec<String> {
    let filter = |limit, offset| QuoteFilter {
        about: Some(about.into()),
        limit,
        offset,
        ..Default::default()
    };
    let all: Vec<String> = store
        .quotes(&filter(50, 0))
        .expect("quotes")
        .into_iter()
        .map(|q| q.text)
        .collect();
    let paged: Vec<String> = (0..all.len() + 1)
        .flat_map(|offset| store.quotes(&filter(1, offset)).expect("page"))
        .map(|q| q.text)
        .collect();
    assert_eq!(
        all, paged,
        "about={about}: pages of one against the whole list"
    );
    let counted = store.count_quotes(&filter(50, 0)).expect("count");
    assert_eq!(counted, all.len(), "about={about}: the count");
    all
}

fn about_reads_whole_words_and_entities(engine: &Engine) {
    let store = written_store(engine);
    let economy = about(&store, "economy");
    assert_eq!(
        economy,
        [
            "Our economy is strong,",
            "The economy, the whole economy, matters,",
            "Their ECONOMY\nshrank,"
        ]
    );
    // frequent enough to be walked on a page of one
    let us = about(&store, "US");
    assert_eq!(us.len(), 4, "{us:?}");
    assert!(!us.iter().any(|q| q.starts_with("Business")), "{us:?}");
    assert_eq!(
        about(&store, "their economy shrank"),
        ["Their ECONOMY\nshrank,"]
    );
    assert_eq!(
        about(&store, "u.s.-led"),
        ["We stand with the U.S.-led effort,"]
    );
    assert!(about(&store, "Xyzzyq").is_empty());
    assert!(about(&store, "!!!").is_empty());
    assert!(about(&store, "econ").is_empty());
    // what a regular expression, LIKE or FTS5 would read as syntax is a literal here
    for odd in [
        "(",
        "[[:alpha:]]",
        "a\u{0}b",
        "*",
        "\\",
        "%_",
        "us)",
        "\"Tell us\"",
    ] {
        let found = about(&store, odd);
        assert!(found.len() <= 1, "about={odd:?}: {found:?}");
    }
    // too long, even for a speaker the store lacks (nothing else would be read)
    for speaker_id in [None, Some(-7)] {
        let f = QuoteFilter {
            about: Some("word ".repeat(200)),
            speaker_id,
            limit: 5,
            ..Default::default()
        };
        assert!(store.quotes(&f).is_err());
        assert!(store.count_quotes(&f).is_err());
    }
}

on_both_engines!(about_reads_whole_words_and_entities);
