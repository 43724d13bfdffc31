//! Store tests, each run on SQLite and on PostgreSQL (`common::Engine`): idempotency,
//! replacement, search, corpus-wide speakers and exports.

mod common;

use common::Engine;
use whosaid_analysis::{Analyzer, Article};
use whosaid_store::{ArticleRecord, QuoteFilter, Store, WriteOutcome};

fn record(url: Option<&str>, title: &str, published: &str, paragraphs: &[&str]) -> ArticleRecord {
    let mut article = Article::from_paragraphs(paragraphs);
    article.title = Some(title.to_string());
    article.published = Some(published.to_string());
    ArticleRecord {
        url: url.map(str::to_string),
        source: None,
        analysis: Analyzer::new().analyze(article),
        input_hash: None,
    }
}

fn same_article_twice_adds_nothing_and_a_change_replaces(engine: &Engine) {
    let mut store = engine.open();
    let a = record(
        Some("https://x/1"),
        "T",
        "2022-02-01",
        &["“We will win,” Vladimir Putin said."],
    );
    assert_eq!(
        store.write_batch(std::slice::from_ref(&a)).expect("write"),
        vec![WriteOutcome::Inserted]
    );
    assert_eq!(
        store.write_batch(std::slice::from_ref(&a)).expect("write"),
        vec![WriteOutcome::Unchanged]
    );
    let counts = store.counts().expect("counts");
    assert_eq!((counts.articles, counts.quotes), (1, 1));
    let b = record(
        Some("https://x/1"),
        "T",
        "2022-02-01",
        &[
            "“We will lose,” Vladimir Putin said.",
            "“Really,” he added.",
        ],
    );
    assert_eq!(
        store.write_batch(&[b]).expect("write"),
        vec![WriteOutcome::Replaced]
    );
    let counts = store.counts().expect("counts");
    assert_eq!((counts.articles, counts.quotes), (1, 2));
    assert_eq!(
        store.search("win", 10).expect("search").len(),
        0,
        "old quotes leave the index"
    );
    assert_eq!(store.search("lose", 10).expect("search").len(), 1);
    // without URL the content hash identifies the article
    let c = record(None, "T", "2022-02-02", &["“Again,” Joe Biden said."]);
    store.write_batch(std::slice::from_ref(&c)).expect("write");
    assert_eq!(
        store.write_batch(&[c]).expect("write"),
        vec![WriteOutcome::Unchanged]
    );
    assert_eq!(store.integrity_check().expect("check"), "ok");
    assert_eq!(store.incomplete_articles().expect("check"), 0);
}

fn speakers_are_one_person_across_articles(engine: &Engine) {
    let mut store = engine.open();
    store
        .write_batch(&[
            record(
                Some("u1"),
                "a",
                "2016-01-01",
                &[
                    "“Taxes will fall,” Donald Trump said.",
                    "“Jobs will come back,” Mr. Trump said.",
                ],
            ),
            record(
                Some("u2"),
                "b",
                "2016-01-02",
                &["“We will build it,” Trump said."],
            ),
            record(
                Some("u3"),
                "c",
                "2016-01-03",
                &[
                    "“I am ready,” Hillary Clinton said.",
                    "“Not now,” Bill Clinton said.",
                ],
            ),
            record(
                Some("u4"),
                "d",
                "2016-01-04",
                &["Clinton spoke in Iowa.", "She said that she would win."],
            ),
            record(
                Some("u5"),
                "e",
                "2016-01-05",
                &["“Dad is right,” Donald Trump Jr. said."],
            ),
        ])
        .expect("write");
    store.link_surnames().expect("link");
    store.refresh_stats().expect("stats");
    let speakers = store.speakers(10, false).expect("speakers");
    let names: Vec<&str> = speakers.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(speakers[0].name, "Donald Trump", "{names:?}");
    assert_eq!(speakers[0].quotes, 3);
    assert!(names.contains(&"Donald Trump Jr."), "{names:?}");
    assert!(
        !names.contains(&"Trump") && !names.contains(&"Clinton"),
        "{names:?}"
    );
    let hillary = speakers
        .iter()
        .find(|s| s.name == "Hillary Clinton")
        .expect("Hillary");
    assert_eq!(
        hillary.quotes, 2,
        "the bare 'Clinton' saying 'she' is Hillary"
    );
    let by_alias = store
        .quotes(&QuoteFilter {
            speaker: Some("trump".into()),
            ..QuoteFilter::default()
        })
        .expect("quotes");
    assert_eq!(by_alias.len(), 3);
    // a surname stands for every person whose name ends in it, whatever its case
    let named = |name: &str| -> Vec<String> {
        let ids = store.entity_ids(name).expect("ids");
        let mut names: Vec<String> = speakers
            .iter()
            .filter(|s| ids.contains(&s.entity_id))
            .map(|s| s.name.clone())
            .collect();
        names.sort();
        names
    };
    assert_eq!(named("CLINTON"), ["Bill Clinton", "Hillary Clinton"]);
    assert_eq!(named("Jr."), ["Donald Trump Jr."]);
    assert!(named("Clint").is_empty() && named("%").is_empty() && named("Trump Jr").is_empty());
}

fn quote_filters_and_search(engine: &Engine) {
    let mut store = engine.open();
    store
        .write_batch(&[
            record(
                Some("u1"),
                "a",
                "2021-12-01",
                &["“NATO must not expand,” Vladimir Putin said."],
            ),
            record(
                Some("u2"),
                "b",
                "2022-02-01",
                &[
                    "“Security guarantees for all,” Vladimir Putin said.",
                    "“NATO is a threat,” Putin said.",
                ],
            ),
        ])
        .expect("write");
    let f = QuoteFilter {
        speaker: Some("Vladimir Putin".into()),
        about: Some("NATO".into()),
        since: Some("2022-01-01".into()),
        ..Default::default()
    };
    let rows = store.quotes(&f).expect("quotes");
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].text, "NATO is a threat,");
    let hits = store.search("\"security guarantees\"", 5).expect("search");
    assert_eq!(hits.len(), 1);
    assert!(
        hits[0].snippet.contains("[Security guarantees]"),
        "{}",
        hits[0].snippet
    );
}

#[test]
fn reopening_a_file_keeps_everything() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("w.db");
    {
        let mut store = Store::open(&path).expect("store");
        store
            .write_batch(&[record(
                Some("u"),
                "a",
                "2022-01-01",
                &["“Yes,” Jane Doe said."],
            )])
            .expect("write");
    }
    let store = Store::open(&path).expect("reopen");
    assert_eq!(store.counts().expect("counts").quotes, 1);
}

fn events_are_stored_and_filtered(engine: &Engine) {
    let mut store = engine.open();
    store
        .write_batch(&[record(Some("u1"), "a", "2022-02-01", &["Russian President Vladimir Putin met Hungarian Prime Minister Viktor Orban in Moscow on Tuesday."])])
        .expect("write");
    let f = whosaid_store::EventFilter {
        actor: Some("Putin".into()),
        ..Default::default()
    };
    let rows = store.events(&f).expect("events");
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].kind, "CONSULT");
    assert_eq!(rows[0].date_value.as_deref(), Some("2022-02-01"));
    assert_eq!(rows[0].target[0].code.as_deref(), Some("HUN"));
    let by_code = store
        .events(&whosaid_store::EventFilter {
            code: Some("HUN".into()),
            ..Default::default()
        })
        .expect("events");
    assert_eq!(by_code.len(), 1);
    // background events (a relative clause) are kept, and can be left out
    store
        .write_batch(&[record(
            Some("u2"),
            "b",
            "2022-02-02",
            &["Hungary, which criticized Poland, met Slovakia on Tuesday."],
        )])
        .expect("write");
    let all = store
        .events(&whosaid_store::EventFilter::default())
        .expect("events");
    let main = store
        .events(&whosaid_store::EventFilter {
            main_only: true,
            ..Default::default()
        })
        .expect("events");
    assert!(all.iter().any(|e| e.background), "{all:?}");
    assert!(main.iter().all(|e| !e.background));
    assert!(main.len() < all.len());
}

fn sited(url: &str, site: &str, published: &str, paragraphs: &[&str]) -> ArticleRecord {
    let mut r = record(Some(url), url, published, paragraphs);
    r.analysis.article.site = Some(site.to_string());
    r
}

fn versions_of_one_statement_across_outlets(engine: &Engine) {
    let mut store = engine.open();
    store
        .write_batch(&[
            sited("u1", "one", "2016-01-01", &["“We have come a long way in the last nine months, and we will win,” Bernie Sanders said."]),
            sited("u2", "two", "2016-01-02", &["“We have come a long way in the last nine months,” Bernie Sanders said."]),
            sited("u3", "three", "2016-01-03", &["“We have come a pretty long way in the last nine months,” Bernie Sanders said."]),
            sited("u4", "four", "2016-01-03", &["“Taxes must go down for every family in the country,” Bernie Sanders said."]),
        ])
        .expect("write");
    let groups = store.variants(Some("Bernie Sanders"), 2).expect("variants");
    assert_eq!(groups.len(), 1, "{groups:?}");
    let g = &groups[0];
    assert_eq!((g.articles, g.sites), (3, 3));
    let earliest = g
        .versions
        .iter()
        .find(|v| v.quote_id == g.earliest)
        .expect("earliest");
    assert_eq!(earliest.site.as_deref(), Some("one"));
    let departing: Vec<&str> = g
        .versions
        .iter()
        .filter(|v| v.departs)
        .map(|v| v.site.as_deref().unwrap_or(""))
        .collect();
    assert_eq!(
        departing,
        vec!["three"],
        "only the reworded version departs"
    );
    assert_eq!(
        g.versions
            .iter()
            .find(|v| v.departs)
            .map(|v| v.changed_words.clone()),
        Some(vec!["pretty".to_string()])
    );
}

fn unattributed_and_misattributed_versions_join_with_a_flag(engine: &Engine) {
    let words = "There is a special place in hell for women who do not help each other, and we should remember it";
    let mut store = engine.open();
    store
        .write_batch(&[
            sited(
                "u1",
                "one",
                "2016-02-06",
                &[&format!("“{words},” Madeleine Albright said.")],
            ),
            sited(
                "u2",
                "two",
                "2016-02-07",
                &[&format!("“{words},” Madeleine Albright told the crowd.")],
            ),
            sited(
                "u3",
                "three",
                "2016-02-08",
                &[&format!("“{words},” Hillary Clinton said.")],
            ),
            sited(
                "u4",
                "four",
                "2016-02-08",
                &[&format!("The crowd cheered. “{words}.”")],
            ),
            // a stock phrase shared with another speaker's different statement does not join
            sited(
                "u5",
                "five",
                "2016-02-09",
                &["“Women who do not vote are making a mistake this year,” Hillary Clinton said."],
            ),
        ])
        .expect("write");
    let groups = store.variants(None, 2).expect("variants");
    assert_eq!(groups.len(), 1, "{groups:?}");
    let g = &groups[0];
    assert_eq!(
        g.speaker, "Madeleine Albright",
        "the speaker most versions name"
    );
    assert_eq!((g.articles, g.sites), (4, 4));
    let other: Vec<Option<&str>> = g
        .versions
        .iter()
        .map(|v| v.other_speaker.as_deref())
        .collect();
    assert!(other.contains(&Some("Hillary Clinton")), "{other:?}");
    assert_eq!(g.versions.iter().filter(|v| !v.attributed).count(), 1);
    // asking for either speaker finds the statement
    assert_eq!(
        store
            .variants(Some("Hillary Clinton"), 2)
            .expect("variants")
            .len(),
        1
    );
}

fn copied_articles_are_paired_with_the_older_first(engine: &Engine) {
    let mut store = engine.open();
    let body = "The finance ministers of the group met in Brussels on Monday to discuss the budget for next year, and they agreed on most of the points that had divided them for months, officials said after the meeting ended late in the evening.";
    let rewritten = body
        .replace("met in Brussels", "gathered in Brussels")
        .replace("late in the evening", "late at night");
    store
        .write_batch(&[
            record(Some("original"), "a", "2022-01-01", &[body]),
            record(Some("copy"), "b", "2022-01-03", &[&rewritten]),
            record(Some("other"), "c", "2022-01-02", &["Heavy rain flooded the valley and closed three roads, the police said on Tuesday morning after the storm."]),
        ])
        .expect("write");
    let pairs = store.copies(0.5).expect("copies");
    assert_eq!(pairs.len(), 1, "{pairs:?}");
    assert_eq!(pairs[0].older.url.as_deref(), Some("original"));
    assert_eq!(pairs[0].newer.url.as_deref(), Some("copy"));
}

fn search_stems_words_and_reads_any_typed_text(engine: &Engine) {
    let mut store = engine.open();
    store
        .write_batch(&[record(
            Some("https://x/mail"),
            "Mail",
            "2016-10-12",
            &[
                "“I never sent a classified email,” Hillary Clinton said.",
                "“Her emails were a pro-Russian so-called scandal,” Zoë Baird said.",
            ],
        )])
        .expect("write");
    let texts = |q: &str| -> Vec<String> {
        store
            .search(q, 10)
            .expect("a query")
            .into_iter()
            .map(|h| h.quote.text)
            .collect()
    };
    assert_eq!(texts("emails").len(), 2, "email and emails are one word");
    assert_eq!(texts("email -classified").len(), 1);
    assert_eq!(texts("pro-Russian").len(), 1);
    assert_eq!(texts("“so-called scandal”").len(), 1);
    assert_eq!(
        texts("Zoe").len(),
        0,
        "names are searched in the quote text only"
    );
    assert!(matches!(
        store.search("-", 10),
        Err(whosaid_store::StoreError::EmptyQuery(_))
    ));
    let f = QuoteFilter {
        text: Some("EMAILS OR scandal".into()),
        ..QuoteFilter::default()
    };
    assert_eq!(store.quotes(&f).expect("quotes").len(), 2);
}

fn a_quote_lists_the_entities_it_names_and_where_it_stands(engine: &Engine) {
    let mut store = engine.open();
    store
        .write_batch(&[record(
            Some("https://x/nato"),
            "NATO",
            "2022-02-01",
            &["“NATO must not take in Ukraine,” Vladimir Putin told Emmanuel Macron."],
        )])
        .expect("write");
    let q = store.quotes(&QuoteFilter::default()).expect("quotes");
    let direct = q
        .iter()
        .find(|q| q.text.contains("NATO"))
        .expect("the quote");
    assert!(
        direct.mentions.contains(&"NATO".to_string()),
        "{:?}",
        direct.mentions
    );
    assert!(
        direct.mentions.iter().any(|m| m == "Ukraine"),
        "{:?}",
        direct.mentions
    );
    assert!(
        !direct.mentions.iter().any(|m| m.contains("Putin")),
        "the speaker is not named in it"
    );
    assert!(direct.start < direct.end);
}

fn a_date_filter_says_what_it_leaves_out(engine: &Engine) {
    let mut store = engine.open();
    let mut undated = record(
        Some("https://x/undated"),
        "U",
        "",
        &["“We will win,” Zoë Baird said."],
    );
    undated.analysis.article.published = None;
    store
        .write_batch(&[
            record(
                Some("https://x/dated"),
                "D",
                "2016-10-12",
                &["“We will lose,” Zoë Baird said."],
            ),
            undated,
        ])
        .expect("write");
    let mut f = QuoteFilter {
        speaker: Some("Zoë Baird".into()),
        since: Some("2016".into()),
        until: Some("2016-10".into()),
        ..QuoteFilter::default()
    };
    assert_eq!(store.quotes(&f).expect("quotes").len(), 1);
    assert_eq!(store.undated_quotes(&f).expect("count"), 1);
    f.since = None;
    f.until = None;
    assert_eq!(
        store.undated_quotes(&f).expect("count"),
        0,
        "no date filter, nothing left out"
    );
}

fn corpus_comparisons_are_stored_paged_and_known_to_be_stale(engine: &Engine) {
    let mut store = engine.open();
    let said =
        "“We have come a long way in the last nine months, and we will win,” Bernie Sanders said.";
    // the same wording copied into five articles, and a trimmed version
    let mut batch: Vec<ArticleRecord> = (0..5)
        .map(|i| sited(&format!("u{i}"), &format!("site{i}"), "2016-01-01", &[said]))
        .collect();
    batch.push(sited(
        "t",
        "trim",
        "2016-01-02",
        &["“We have come a long way in the last nine months,” Bernie Sanders said."],
    ));
    store.write_batch(&batch).expect("write");
    assert!(
        store.similar_state().expect("state").stale,
        "never compared"
    );
    let (groups, pairs) = store.refresh_similar().expect("refresh");
    assert_eq!(groups, 1);
    assert!(
        pairs >= 10,
        "five identical articles make ten pairs: {pairs}"
    );
    let state = store.similar_state().expect("state");
    assert_eq!((state.stale, state.computed_over), (false, Some(6)));
    let page = store
        .variant_page(Some("Sanders"), 2, 10, 0)
        .expect("variants");
    assert_eq!(page.total, 1);
    assert_eq!(page.rows[0].versions.len(), 6);
    assert_eq!(page.rows[0].articles, 6);
    // the stored group is what the whole comparison finds
    let live = store.variants(None, 2).expect("variants");
    assert_eq!(
        serde_json::to_string(&live).expect("json"),
        serde_json::to_string(&page.rows).expect("json")
    );
    assert_eq!(
        store
            .variant_page(Some("Nobody Else"), 2, 10, 0)
            .expect("page")
            .total,
        0
    );
    let copies = store.copy_page(0.3, 3, 2).expect("copies");
    assert_eq!((copies.total, copies.rows.len()), (pairs, 3));
    store
        .write_batch(&[sited(
            "new",
            "x",
            "2016-02-01",
            &["Something else happened."],
        )])
        .expect("write");
    assert!(
        store.similar_state().expect("state").stale,
        "an article was added"
    );
}

fn one_text_from_two_inputs_is_one_article_whichever_comes_first(engine: &Engine) {
    let body = ["“We will win the vote next week,” Ann Lee said on Monday in the capital."];
    for same_batch in [true, false] {
        let mut store = engine.open();
        let mut txt = record(Some("file:///in/a.txt"), "T", "x", &body);
        txt.analysis.article.published = None;
        let html = record(Some("file:///in/a.html"), "T", "2016-10-12", &body);
        let outcomes = if same_batch {
            store.write_batch(&[txt, html]).expect("write")
        } else {
            let mut o = store.write_batch(&[txt]).expect("write");
            o.extend(store.write_batch(&[html]).expect("write"));
            o
        };
        assert_eq!(
            outcomes,
            vec![WriteOutcome::Inserted, WriteOutcome::AnotherSource]
        );
        assert_eq!(store.counts().expect("counts").articles, 1);
        let view = store
            .article(store.articles(None, 1, 0).expect("list")[0].id)
            .expect("article")
            .expect("one");
        assert_eq!(
            view.article.published.as_deref(),
            Some("2016-10-12"),
            "the dated input wins"
        );
        assert_eq!(view.other_sources, vec!["file:///in/a.txt".to_string()]);
        assert_eq!(
            store.search_count("vote", 0).expect("search"),
            1,
            "full-text rows intact"
        );
    }
    // two sites printing the same text stay two articles (what `copies` is for); the same
    // site under two addresses is one
    let mut store = engine.open();
    let web = |url: &str, site: &str| {
        let mut r = record(Some(url), "T", "2016-10-13", &body);
        r.analysis.article.site = Some(site.into());
        r
    };
    store
        .write_batch(&[
            web("https://one.example/a", "One"),
            web("https://other.example/a", "Other"),
            web("https://one.example/a?amp=1", "One"),
        ])
        .expect("write");
    assert_eq!(store.counts().expect("counts").articles, 2);
}

on_both_engines!(
    same_article_twice_adds_nothing_and_a_change_replaces,
    speakers_are_one_person_across_articles,
    quote_filters_and_search,
    events_are_stored_and_filtered,
    versions_of_one_statement_across_outlets,
    unattributed_and_misattributed_versions_join_with_a_flag,
    copied_articles_are_paired_with_the_older_first,
    search_stems_words_and_reads_any_typed_text,
    a_quote_lists_the_entities_it_names_and_where_it_stands,
    a_date_filter_says_what_it_leaves_out,
    corpus_comparisons_are_stored_paged_and_known_to_be_stale,
    one_text_from_two_inputs_is_one_article_whichever_comes_first,
);
