//! The kept aggregates (speaker counts, mention counts, corpus totals), on SQLite and on
//! PostgreSQL: they change only when refreshed, and then agree with counting the corpus.

mod common;

use common::Engine;
use whosaid_analysis::{Analyzer, Article};
use whosaid_store::{ArticleRecord, QuoteFilter, SpeakerQuery, SpeakerSort, Store};

fn record(url: &str, paragraphs: &[&str]) -> ArticleRecord {
    let mut article = Article::from_paragraphs(paragraphs);
    article.published = Some("2022-02-01".to_string());
    ArticleRecord {
        url: Some(url.to_string()),
        source: None,
        analysis: Analyzer::new().analyze(article),
        input_hash: None,
    }
}

/// Quotes of a speaker counted the slow way, over the quotes themselves.
fn counted_quotes(store: &Store, speaker_id: i64) -> usize {
    store
        .count_quotes(&QuoteFilter {
            speaker_id: Some(speaker_id),
            ..QuoteFilter::default()
        })
        .expect("count")
}

fn aggregates_change_when_refreshed_and_then_agree_with_the_corpus(engine: &Engine) {
    let mut store = engine.open();
    assert_eq!(store.corpus_stats().expect("stats").refreshed, None);
    store
        .write_batch(&[
            record("https://x/1", &["“We will win,” Vladimir Putin said."]),
            record(
                "https://x/2",
                &["“No,” Joe Biden said.", "“Never,” Putin said."],
            ),
        ])
        .expect("write");
    assert!(
        store.speakers(10, true).expect("speakers").is_empty(),
        "nothing counted before the corpus pass"
    );
    store.link_surnames().expect("link");
    let stats = store.refresh_stats().expect("refresh");
    let live = store.counts().expect("counts");
    assert_eq!(
        (stats.articles, stats.quotes, stats.entities),
        (live.articles, live.quotes, live.entities)
    );
    assert!(stats.refreshed.is_some());
    let speakers = store.speakers(10, true).expect("speakers");
    assert_eq!(speakers[0].name, "Vladimir Putin", "{speakers:?}");
    assert_eq!((speakers[0].quotes, speakers[0].articles), (2, 2));
    for s in &speakers {
        assert_eq!(
            s.quotes as usize,
            counted_quotes(&store, s.entity_id),
            "{s:?}"
        );
    }

    store
        .write_batch(&[record(
            "https://x/3",
            &["“Yes,” said U.S. President Joe Biden."],
        )])
        .expect("write");
    assert_eq!(
        store.corpus_stats().expect("stats").articles,
        2,
        "kept until refreshed"
    );
    store.refresh_stats().expect("refresh");
    assert_eq!(store.corpus_stats().expect("stats").articles, 3);
    let page = store
        .speaker_list(&SpeakerQuery {
            name: Some("bid".into()),
            sort: SpeakerSort::Articles,
            limit: 10,
            offset: 0,
        })
        .expect("list");
    assert_eq!(page.total, 1);
    assert_eq!(
        (page.rows[0].name.as_str(), page.rows[0].quotes),
        ("Joe Biden", 2)
    );
    let speakers = store.speakers(10, false).expect("speakers");
    let biden = speakers
        .iter()
        .find(|s| s.name == "Joe Biden")
        .expect("Biden");
    assert_eq!(biden.roles, ["President of United States"], "{biden:?}");
    let mentioned = store.entities(10, 0).expect("entities");
    assert!(mentioned.windows(2).all(|w| w[0].mentions >= w[1].mentions));
}

fn a_store_written_before_the_aggregates_gets_them_when_opened(engine: &Engine) {
    let Engine::Sqlite = engine else {
        return;
    };
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("old.db");
    {
        let mut store = Store::open(&path).expect("store");
        store
            .write_batch(&[record(
                "https://x/1",
                &["“We will win,” Vladimir Putin said."],
            )])
            .expect("write");
        // as a store from before the aggregates: never refreshed
        let conn = store.connection().expect("sqlite");
        conn.execute_batch("UPDATE corpus_stats SET refreshed = NULL, articles = 0")
            .expect("reset");
    }
    let store = Store::open(&path).expect("reopen");
    assert_eq!(store.corpus_stats().expect("stats").articles, 1);
    assert_eq!(store.speakers(10, true).expect("speakers").len(), 1);
}

/// The speakers whose name or an alias holds `typed`, as the speaker list finds them.
fn named(store: &Store, typed: &str) -> Vec<String> {
    let page = store
        .speaker_list(&SpeakerQuery {
            name: Some(typed.to_string()),
            sort: SpeakerSort::Name,
            limit: 10,
            offset: 0,
        })
        .expect("list");
    assert_eq!(page.total, page.rows.len(), "{typed:?}");
    page.rows.into_iter().map(|r| r.name).collect()
}

fn the_name_filter_finds_names_and_aliases_short_long_and_odd(engine: &Engine) {
    let mut store = engine.open();
    store
        .write_batch(&[
            record("https://x/1", &["“We will win,” Vladimir Putin said."]),
            record(
                "https://x/2",
                &[
                    "“No,” Joe Biden said.",
                    "“Never,” Putin said.",
                    "“Yes,” Biden said.",
                ],
            ),
        ])
        .expect("write");
    store.link_surnames().expect("link");
    store.refresh_stats().expect("refresh");
    // three letters or more go through the trigram index on both engines; case is ignored
    assert_eq!(named(&store, "putin"), ["Vladimir Putin"]);
    assert_eq!(named(&store, "JOE B"), ["Joe Biden"]);
    assert_eq!(named(&store, " Biden "), ["Joe Biden"]);
    // shorter ones are checked on the walk
    assert_eq!(named(&store, "i"), ["Joe Biden", "Vladimir Putin"]);
    assert_eq!(named(&store, "jo"), ["Joe Biden"]);
    // what LIKE and FTS5 would read as syntax is matched as typed
    for odd in ["%", "_", "\\", "\"\"", "'", "Putin\"", "a\u{0}b", "zzz"] {
        assert!(named(&store, odd).is_empty(), "{odd:?}");
    }
    // a name no longer than a typed query
    let long = store.speaker_list(&SpeakerQuery {
        name: Some("a".repeat(whosaid_store::MAX_QUERY_CHARS + 1)),
        ..SpeakerQuery::default()
    });
    assert!(
        matches!(long, Err(whosaid_store::StoreError::QueryTooLong { .. })),
        "{long:?}"
    );
    // every alias finds its speaker
    let all = store
        .speaker_list(&SpeakerQuery {
            limit: 10,
            ..SpeakerQuery::default()
        })
        .expect("all");
    for speaker in &all.rows {
        for alias in &speaker.aliases {
            assert!(named(&store, alias).contains(&speaker.name), "{alias:?}");
        }
    }
}

/// Rows still waiting in the pending lists of the store's GIN indexes, which every
/// full-text search would read in full.
fn pending_gin_pages(client: &mut postgres::Client) -> i64 {
    client
        .query_one(
            "SELECT COALESCE(sum(gin_clean_pending_list(c.oid::regclass)), 0)::bigint
             FROM pg_class c JOIN pg_am a ON a.oid = c.relam
             WHERE a.amname = 'gin' AND c.relkind = 'i'
               AND c.relnamespace = current_schema()::regnamespace",
            &[],
        )
        .expect("pending")
        .get(0)
}

fn the_corpus_pass_leaves_nothing_pending_in_the_full_text_indexes(engine: &Engine) {
    let mut store = engine.open();
    let Some(mut client) = engine.last_database() else {
        return; // SQLite's FTS5 has no pending list
    };
    let batch = |n: usize| {
        (0..40)
            .map(|i| {
                record(
                    &format!("https://x/{n}/{i}"),
                    &[&format!(
                        "“The economy grew by {i} percent,” Joe Biden said."
                    )],
                )
            })
            .collect::<Vec<_>>()
    };
    store.write_batch(&batch(0)).expect("write");
    store.refresh_stats().expect("refresh");
    assert_eq!(pending_gin_pages(&mut client), 0, "after a corpus pass");
    // the check itself can see pending rows: without a pass they stay
    store.write_batch(&batch(1)).expect("write");
    assert!(pending_gin_pages(&mut client) > 0, "written, not merged");
}

on_both_engines!(
    the_corpus_pass_leaves_nothing_pending_in_the_full_text_indexes,
    aggregates_change_when_refreshed_and_then_agree_with_the_corpus,
    a_store_written_before_the_aggregates_gets_them_when_opened,
    the_name_filter_finds_names_and_aliases_short_long_and_odd,
);
