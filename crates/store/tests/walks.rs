//! Lists that read only as far as their page (#18), on SQLite and on PostgreSQL: a
//! speaker's quotes walked entity by entity on the speaker-and-day index and merged, totals
//! counted up to a cap, a search ranked among its most recent matches, the kept timeline.
//! Each is checked against the plain answer.

mod common;

use common::{record, Engine};
use whosaid_store::{
    ArticleQuery, ArticleRecord, ArticleSort, EventFilter, QuoteFilter, QuoteRow, Store, COUNT_CAP,
    SEARCH_WINDOW,
};

/// Articles on several days (two undated, two on one day), each quoting Putin by his full
/// name and by his surname (two entities once surnames are linked) and Biden once.
fn written_store(engine: &Engine) -> Store {
    let mut store = engine.open();
    let days = [
        Some("2022-03-01"),
        None,
        Some("2021-12-24"),
        Some("2022-03-01"),
        Some("2022-01-15"),
        None,
        Some("2021-11-02"),
    ];
    let records: Vec<ArticleRecord> = days
        .iter()
        .enumerate()
        .map(|(i, day)| {
            let paragraphs = [
                format!("“Talk number {i} starts now,” Vladimir Putin said."),
                format!("“We hear you, part {i},” Joe Biden said."),
                format!("“Russia will not wait, part {i},” Putin said."),
                format!("Russian troops attacked Kharkiv and shelled Kyiv in wave {i}."),
            ];
            let mut r = record(&format!("https://x/{i}"), *day, &paragraphs);
            r.analysis.article.site = Some(["a.example", "b.example"][i % 2].to_string());
            r
        })
        .collect();
    store.write_batch(&records).expect("write");
    store.link_surnames().expect("link");
    store.refresh_stats().expect("refresh");
    store
}

fn quotes(store: &Store, f: QuoteFilter) -> Vec<QuoteRow> {
    store.quotes(&f).expect("quotes")
}

/// The list order: undated first, then by day, article and place in the text.
fn list_key(q: &QuoteRow) -> (bool, Option<String>, i64, i64) {
    let day = q.published.as_ref().map(|p| p.chars().take(10).collect());
    (q.published.is_some(), day, q.article_id, q.start)
}

fn a_speakers_pages_follow_the_list_order_across_spellings(engine: &Engine) {
    let store = written_store(engine);
    let by_name = |offset, limit| {
        quotes(
            &store,
            QuoteFilter {
                speaker: Some("Vladimir Putin".into()),
                limit,
                offset,
                ..QuoteFilter::default()
            },
        )
    };
    let all = by_name(0, 0);
    assert_eq!(all.len(), 14, "{all:#?}");
    let keys: Vec<_> = all.iter().map(list_key).collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted, "in list order");
    assert!(
        all.iter()
            .any(|q| q.speaker_mention.as_deref() == Some("Putin")),
        "both spellings"
    );
    let paged: Vec<i64> = (0..5)
        .flat_map(|page| by_name(page * 3, 3))
        .map(|q| q.id)
        .collect();
    assert_eq!(paged, all.iter().map(|q| q.id).collect::<Vec<_>>());

    let canonical = all[0].speaker_id.expect("speaker id");
    let by_id = quotes(
        &store,
        QuoteFilter {
            speaker_id: Some(canonical),
            ..QuoteFilter::default()
        },
    );
    assert_eq!(
        by_id.iter().map(|q| q.id).collect::<Vec<_>>(),
        all.iter().map(|q| q.id).collect::<Vec<_>>()
    );
    let winter = QuoteFilter {
        speaker_id: Some(canonical),
        since: Some("2021-12".into()),
        until: Some("2022-01".into()),
        ..QuoteFilter::default()
    };
    let dated: Vec<i64> = all
        .iter()
        .filter(|q| {
            q.published
                .as_deref()
                .is_some_and(|p| ("2021-12".."2022-02").contains(&p))
        })
        .map(|q| q.id)
        .collect();
    assert_eq!(dated.len(), 4);
    assert_eq!(
        quotes(&store, winter.clone())
            .iter()
            .map(|q| q.id)
            .collect::<Vec<_>>(),
        dated
    );
    assert_eq!(store.count_quotes(&winter).expect("count"), 4);
    assert_eq!(store.undated_quotes(&winter).expect("undated"), 4);

    // the kept timeline is the counted one
    let kept = store
        .quote_months(&QuoteFilter {
            speaker_id: Some(canonical),
            ..QuoteFilter::default()
        })
        .expect("months");
    let counted = store
        .quote_months(&QuoteFilter {
            speaker_id: Some(canonical),
            since: Some("1900".into()),
            ..QuoteFilter::default()
        })
        .expect("months");
    assert_eq!(kept, counted);
    assert_eq!(
        kept,
        [
            ("2021-11".to_string(), 2),
            ("2021-12".to_string(), 2),
            ("2022-01".to_string(), 2),
            ("2022-03".to_string(), 4)
        ]
    );
}

fn totals_stop_at_the_cap_and_search_ranks_the_newest_matches(engine: &Engine) {
    let mut store = engine.open();
    let n = SEARCH_WINDOW + 50;
    let paragraphs: Vec<String> = (0..n)
        .map(|_| "“We will win,” Vladimir Putin said.".to_string())
        .collect();
    store
        .write_batch(&[record("https://x/many", Some("2022-02-01"), &paragraphs)])
        .expect("write");
    let putin = QuoteFilter {
        speaker: Some("Vladimir Putin".into()),
        ..QuoteFilter::default()
    };
    assert_eq!(store.count_quotes(&putin).expect("count"), COUNT_CAP + 1);
    let deep = QuoteFilter {
        offset: n - 10,
        ..putin.clone()
    };
    assert_eq!(
        store.count_quotes(&deep).expect("count"),
        n,
        "past the page"
    );
    assert_eq!(
        store.search_count("win", 0).expect("count"),
        COUNT_CAP as i64 + 1
    );
    let all = quotes(&store, QuoteFilter::default());
    assert_eq!(all.len(), n);
    // after a quote, the count starts there: a deep page counts no more than the first
    let after = QuoteFilter {
        after: Some(all[n - 11].id),
        ..putin.clone()
    };
    assert_eq!(
        store.count_quotes(&after).expect("count"),
        10,
        "after the key"
    );
    let first_id = all.iter().map(|q| q.id).min().expect("ids");
    // equal texts rank equally, then by id: the first hit is the oldest in the window
    let hits = store.search_page("win", 5, 0).expect("search");
    assert_eq!(hits.len(), 5);
    assert_eq!(hits[0].quote.id, first_id + 50, "{:?}", hits[0].quote);
    assert!(hits[0].snippet.contains("[win]"), "{}", hits[0].snippet);
    // a page past the window widens it
    let far = store.search_page("win", 10, n - 10).expect("search");
    assert_eq!(far.len(), 10);
    // the page's own count (from its window on PostgreSQL) is the count's, near and far
    for (word, offset) in [
        ("win", 0),
        ("win", 990),
        ("win", n - 10),
        ("win", n + 5),
        ("zzz", 0),
    ] {
        let (hits, total) = store.search_page_counted(word, 10, offset).expect("search");
        assert_eq!(
            total,
            store.search_count(word, offset).expect("count"),
            "{word} {offset}"
        );
        assert_eq!(
            hits.len(),
            store.search_page(word, 10, offset).expect("page").len()
        );
    }
    // a word in every quote is checked on the walk through the articles: the same page
    let common = quotes(
        &store,
        QuoteFilter {
            text: Some("win".into()),
            limit: 50,
            offset: 100,
            ..QuoteFilter::default()
        },
    );
    assert_eq!(
        common.iter().map(|q| q.id).collect::<Vec<_>>(),
        all[100..150].iter().map(|q| q.id).collect::<Vec<_>>()
    );
    // all of them, when all are asked for
    let every = store.search_page("win", 0, 0).expect("search");
    assert_eq!(every.len(), n);
    assert_eq!(every[0].quote.id, first_id);
}

fn event_and_article_lists_walk_by_day(engine: &Engine) {
    let store = written_store(engine);
    let events = |offset, limit| {
        store
            .events(&EventFilter {
                limit,
                offset,
                ..EventFilter::default()
            })
            .expect("events")
    };
    let all = events(0, 0);
    assert!(all.len() >= 7, "{all:#?}");
    let keys: Vec<_> = all
        .iter()
        .map(|e| {
            let day: Option<String> = e.published.as_ref().map(|p| p.chars().take(10).collect());
            (e.published.is_some(), day, e.article_id)
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    let paged: Vec<i64> = (0..all.len().div_ceil(2))
        .flat_map(|page| events(page * 2, 2))
        .map(|e| e.id)
        .collect();
    assert_eq!(paged, all.iter().map(|e| e.id).collect::<Vec<_>>());
    let f = EventFilter::default();
    assert_eq!(store.count_events(&f).expect("count"), all.len());
    // by key: each page continues after the last event of the one before, undated first
    let mut keyed = Vec::new();
    let mut after = None;
    loop {
        let page = store
            .events(&EventFilter {
                limit: 2,
                after,
                ..EventFilter::default()
            })
            .expect("events");
        let Some(last) = page.last() else { break };
        after = Some(last.id);
        keyed.extend(page.iter().map(|e| e.id));
    }
    assert_eq!(keyed, paged);
    let from_third = EventFilter {
        after: Some(all[2].id),
        ..EventFilter::default()
    };
    assert_eq!(
        store.count_events(&from_third).expect("count"),
        all.len() - 3
    );
    assert!(matches!(
        store.events(&EventFilter {
            after: Some(987_654),
            ..EventFilter::default()
        }),
        Err(whosaid_store::StoreError::NoSuchEvent(987_654))
    ));

    let site = |name: &str| {
        store
            .article_page(&ArticleQuery {
                site: Some(name.into()),
                sort: ArticleSort::Newest,
                limit: 10,
                ..ArticleQuery::default()
            })
            .expect("articles")
    };
    let days = |page: &whosaid_store::Page<whosaid_store::ArticleRow>| -> Vec<Option<String>> {
        page.rows.iter().map(|a| a.published.clone()).collect()
    };
    // articles 0, 2, 4, 6 on one site, 1, 3, 5 on the other: newest first, undated last
    let a = site("A.EXAMPLE");
    assert_eq!(
        days(&a),
        ["2022-03-01", "2022-01-15", "2021-12-24", "2021-11-02"].map(|d| Some(d.to_string()))
    );
    assert_eq!(a.total, 4);
    let b = site("b.example");
    assert_eq!(days(&b), [Some("2022-03-01".to_string()), None, None]);
}

fn pages_after_a_quote_follow_the_list_through_undated_and_dated(engine: &Engine) {
    let store = written_store(engine);
    let filters = [
        QuoteFilter::default(),
        QuoteFilter {
            speaker: Some("Vladimir Putin".into()),
            ..QuoteFilter::default()
        },
        QuoteFilter {
            site: Some("a.example".into()),
            ..QuoteFilter::default()
        },
        QuoteFilter {
            text: Some("part".into()),
            ..QuoteFilter::default()
        },
        QuoteFilter {
            since: Some("2022-01-01".into()),
            ..QuoteFilter::default()
        },
    ];
    for filter in filters {
        let whole: Vec<i64> = quotes(&store, filter.clone())
            .iter()
            .map(|q| q.id)
            .collect();
        assert!(whole.len() > 4, "{filter:?}");
        for size in [1, 2, 3, 5] {
            let mut walked = Vec::new();
            let mut after = None;
            loop {
                let page = quotes(
                    &store,
                    QuoteFilter {
                        limit: size,
                        after,
                        ..filter.clone()
                    },
                );
                walked.extend(page.iter().map(|q| q.id));
                match page.last() {
                    Some(last) if page.len() == size => after = Some(last.id),
                    _ => break,
                }
            }
            assert_eq!(walked, whole, "{filter:?} in pages of {size}");
        }
    }
    let missing = store.quotes(&QuoteFilter {
        after: Some(987_654),
        ..QuoteFilter::default()
    });
    assert!(
        matches!(
            missing,
            Err(whosaid_store::StoreError::NoSuchQuote(987_654))
        ),
        "{missing:?}"
    );
}

/// The ids of a page of the quote list filtered by `word`.
fn listed(store: &Store, word: &str, offset: usize) -> Vec<i64> {
    let f = QuoteFilter {
        text: Some(word.into()),
        limit: 20,
        offset,
        ..QuoteFilter::default()
    };
    quotes(store, f).iter().map(|q| q.id).collect()
}

/// The ids and ranks of a page of a search, and its total.
fn searched(store: &Store, word: &str, offset: usize) -> (Vec<(i64, String)>, i64) {
    let (hits, total) = store.search_page_counted(word, 20, offset).expect("search");
    let page = hits
        .iter()
        .map(|h| (h.quote.id, format!("{:.6}", h.rank)))
        .collect();
    (page, total)
}

/// PostgreSQL reads a frequent word's window by walking the quotes back from the newest
/// and a rare one's from its index, by the planner's estimate of its matches against the
/// kept count of quotes (before the corpus pass, none: every search walks; after it and
/// `ANALYZE`, "tax", in a few matches fewer than the bound, is read from its index): the pages are the same either way.
fn a_search_finds_the_same_window_however_it_is_read(engine: &Engine) {
    let mut store = engine.open();
    let n = SEARCH_WINDOW + 50;
    let paragraphs: Vec<String> = (0..n)
        .map(|i| match (i % 50, i % 500) {
            (0, _) => "“We will win,” Vladimir Putin said.".to_string(),
            (_, 1) => "“We will win on tax and oil,” Vladimir Putin said.".to_string(),
            _ => "“We will win on tax,” Vladimir Putin said.".to_string(),
        })
        .collect();
    store
        .write_batch(&[record("https://x/many", Some("2022-02-01"), &paragraphs)])
        .expect("write");
    let cases = [
        ("win", 0),
        ("win", 1_000),
        ("win", n - 5),
        ("tax", 0),
        ("tax", 1_990),
    ];
    let before: Vec<_> = cases.iter().map(|&(w, o)| searched(&store, w, o)).collect();
    let first_id = quotes(&store, QuoteFilter::default())
        .iter()
        .map(|q| q.id)
        .min()
        .expect("ids");
    // equal ranks, then by id: the first hit is the oldest of the newest window
    assert_eq!(before[0].0[0].0, first_id + 50);
    // "tax" is in 2,009 quotes, all but every fiftieth: the window leaves out the 9 oldest
    assert_eq!(before[3].0[0].0, first_id + 10);
    assert_eq!(before[3].1, COUNT_CAP as i64 + 1);
    // a quote list filtered by words: walked, or its matches gathered ("oil": 5 quotes)
    let lists = [("oil", 0), ("oil", 3), ("tax", 0), ("tax", 1_500)];
    let listed_before: Vec<Vec<i64>> = lists.iter().map(|&(w, o)| listed(&store, w, o)).collect();
    let oil: Vec<i64> = [1, 501, 1_001, 1_501, 2_001].map(|i| first_id + i).to_vec();
    assert_eq!(listed_before[0], oil);
    store.refresh_stats().expect("refresh");
    if let Some(mut client) = engine.last_database() {
        // the planner now knows "win" is in every quote
        client.batch_execute("ANALYZE quotes").expect("analyze");
    }
    for (&(w, o), was) in cases.iter().zip(&before) {
        assert_eq!(&searched(&store, w, o), was, "{w} {o}");
    }
    for (&(w, o), was) in lists.iter().zip(&listed_before) {
        assert_eq!(&listed(&store, w, o), was, "{w} {o}");
    }
}

on_both_engines!(
    a_search_finds_the_same_window_however_it_is_read,
    pages_after_a_quote_follow_the_list_through_undated_and_dated,
    a_speakers_pages_follow_the_list_order_across_spellings,
    event_and_article_lists_walk_by_day,
    totals_stop_at_the_cap_and_search_ranks_the_newest_matches,
);
