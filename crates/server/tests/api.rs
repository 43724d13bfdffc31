//! API and page tests against a real server on an ephemeral loopback port, over a
//! temporary store holding the founding example and hostile articles.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;

use common::*;
use whosaid_analysis::{plaintext, Analyzer};
use whosaid_store::{ArticleRecord, Store};

#[test]
fn api_answers_with_json_and_status_codes() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("w.db");
    store_with(&db);
    let addr = start(&db, 64 * 1024);

    let r = get(addr, "/api/articles");
    assert_eq!(r.status, 200);
    assert_eq!(json(&r)["articles"].as_array().map(Vec::len), Some(2));

    let r = get(addr, "/api/quotes?speaker=Vladimir%20Putin&limit=100");
    assert_eq!(r.status, 200);
    let quotes = json(&r)["quotes"].as_array().cloned().unwrap_or_default();
    assert!(quotes.len() >= 7, "{}", r.body);
    let r = get(addr, "/api/quotes?q=%22brought%20its%20holes%22");
    assert_eq!(json(&r)["quotes"].as_array().map(Vec::len), Some(1));
    let r = get(addr, "/api/quotes?kind=direct&limit=2&offset=1");
    assert_eq!(json(&r)["quotes"].as_array().map(Vec::len), Some(2));
    // keyset pages: each starts after the last one's `next_after`, the last says null
    let ids = |v: &serde_json::Value| -> Vec<i64> {
        let list = v["quotes"].as_array().cloned().unwrap_or_default();
        list.iter().filter_map(|q| q["id"].as_i64()).collect()
    };
    let whole = ids(&json(&get(addr, "/api/quotes?limit=500")));
    let (mut walked, mut path) = (Vec::new(), "/api/quotes?limit=3".to_string());
    loop {
        let page = json(&get(addr, &path));
        walked.extend(ids(&page));
        match page["next_after"].as_i64() {
            Some(last) => path = format!("/api/quotes?limit=3&after={last}"),
            None => break,
        }
    }
    assert_eq!(walked, whole);
    assert!(whole.len() > 6, "{whole:?}");

    let id = quotes[0]["article_id"].as_i64().expect("id");
    let r = get(addr, &format!("/api/articles/{id}"));
    assert_eq!(r.status, 200);
    assert_eq!(json(&r)["flags"].as_array().map(Vec::len), Some(3));
    let speaker = quotes[0]["speaker_id"].as_i64().expect("speaker");
    let r = get(addr, &format!("/api/entities/{speaker}"));
    assert_eq!(json(&r)["entity"]["name"], "Vladimir Putin");
    assert_eq!(get(addr, "/api/entities?limit=5").status, 200);

    for (path, status) in [
        ("/api/articles/999999", 404),
        ("/api/quotes?since=yesterday", 400),
        ("/api/quotes?kind=both", 400),
        ("/api/quotes?after=987654", 404),
        ("/nothing", 404),
    ] {
        let r = get(addr, path);
        assert_eq!(r.status, status, "{path}");
        assert_eq!(json(&r)["status"], status, "{path}: errors are JSON");
    }
    // whatever a person types is a query: FTS5 syntax never reaches the database
    for q in [
        "%22unbalanced",
        "pro-Russian",
        "so-called",
        "Russia%27s",
        "U.S.",
        "Putin%3A%20NATO",
        "NATO%20OR%20Ukraine%20-Crimea",
        "secur*",
    ] {
        let r = get(addr, &format!("/api/quotes?q={q}"));
        assert_eq!(r.status, 200, "{q}: {}", r.body);
        assert_eq!(get(addr, &format!("/search?q={q}")).status, 200, "{q}");
        assert_eq!(
            get(addr, &format!("/api/articles?q={q}")).status,
            200,
            "{q}"
        );
    }
    let r = get(addr, "/api/quotes?q=Russia%E2%80%99s%20security%20concern");
    assert!(
        json(&r)["quotes"].as_array().is_some_and(|q| !q.is_empty()),
        "curly apostrophe and a stemmed word find the example's quote: {}",
        r.body
    );
    // a text with no word matches nothing, and the answer says why
    let r = get(addr, "/api/quotes?q=*");
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(json(&r)["quotes"].as_array().map(Vec::len), Some(0));
    assert!(r.body.contains("no word to search for"), "{}", r.body);
    assert!(!r.body.contains("database"), "no internals: {}", r.body);

    let r = request(
        addr,
        "POST",
        "/api/analyze",
        "text/plain",
        include_bytes!("../../../examples/putin-nato-2022.txt"),
    );
    assert_eq!(r.status, 200);
    assert_eq!(
        json(&r)["article"]["paragraphs"].as_array().map(Vec::len),
        Some(18)
    );
    let r = request(
        addr,
        "POST",
        "/api/analyze",
        "application/json",
        br#"{"text": "T\n\n\u201cYes,\u201d Ann Lee said.", "published": "2022-01-01"}"#,
    );
    assert_eq!(json(&r)["quotes"][0]["speaker"]["name"], "Ann Lee");
    // the mode: fast by name; accurate is refused by a server started without it, and an
    // unknown mode is a 400 that names the known ones
    let said = "T\n\n“Yes,” Ann Lee said.".as_bytes();
    assert_eq!(
        request(addr, "POST", "/api/analyze?model=fast", "text/plain", said).status,
        200
    );
    let r = request(
        addr,
        "POST",
        "/api/analyze?model=accurate",
        "text/plain",
        said,
    );
    assert_eq!(r.status, 400);
    assert!(r.body.contains("serve --model accurate"), "{}", r.body);
    let r = request(addr, "POST", "/api/analyze?model=slow", "text/plain", said);
    assert_eq!(r.status, 400);
    assert!(r.body.contains("fast, accurate"), "{}", r.body);
    assert_eq!(
        request(addr, "POST", "/api/analyze", "text/plain", b"").status,
        400
    );
    assert_eq!(
        request(
            addr,
            "POST",
            "/api/analyze",
            "text/html",
            b"\x00\x01\x02binary"
        )
        .status,
        422
    );
    assert_eq!(
        request(
            addr,
            "POST",
            "/api/analyze",
            "text/plain",
            &vec![b'a'; 100 * 1024]
        )
        .status,
        413
    );

    let r = get(addr, "/api/flags");
    assert_eq!(json(&r)["flags"].as_array().map(Vec::len), Some(3));
    assert_eq!(get(addr, "/api/variants").status, 200);
    assert_eq!(get(addr, "/api/copies?threshold=0.3").status, 200);
    assert_eq!(get(addr, "/api/copies?threshold=7").status, 400);
    let r = get(addr, "/api/events?actor=Putin&kind=consult");
    assert_eq!(r.status, 200);
    let events = json(&r)["events"].as_array().cloned().unwrap_or_default();
    assert!(!events.is_empty(), "{}", r.body);
    assert!(events.iter().all(|e| e["kind"] == "CONSULT"));
    assert_eq!(get(addr, "/api/events?kind=HUG").status, 400);
    assert_eq!(get(addr, "/api/events?since=yesterday").status, 400);
    // the page's form sends empty fields for the filters left blank
    let page = get(
        addr,
        "/events?kind=CONSULT&actor=&code=&since=&until=&main=true",
    );
    assert_eq!(page.status, 200);
    assert!(page.body.contains("CONSULT"));
    let r = get(addr, "/api/openapi.json");
    assert!(json(&r)["paths"]["/api/quotes"].is_object());
    assert!(json(&r)["paths"]["/api/events"].is_object());
}

#[test]
fn pages_escape_untrusted_text_and_forbid_inline_scripts() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("w.db");
    store_with(&db);
    let addr = start(&db, 1 << 20);
    let home = get(addr, "/");
    assert_eq!(home.status, 200);
    assert!(home
        .headers
        .contains("content-security-policy: default-src 'self'; script-src 'self'"));
    assert!(home.body.contains("Vladimir Putin"));
    let list = json(&get(addr, "/api/articles"));
    let evil = list["articles"]
        .as_array()
        .and_then(|a| a.iter().find(|x| x["url"] == "https://evil.example/x"))
        .expect("evil")["id"]
        .as_i64()
        .expect("id");
    let page = get(addr, &format!("/articles/{evil}"));
    assert_eq!(page.status, 200);
    for raw in [
        "<script>alert",
        "<img src=x",
        "<b onmouseover",
        "<a href=\"javascript:",
    ] {
        assert!(!page.body.contains(raw), "{raw} reached the page unescaped");
    }
    assert!(page.body.contains("&lt;script&gt;"));
    assert!(!page.body.contains("<script"), "no script element at all");
    assert!(!page.body.contains(" style=\""), "no inline style");
    // SQL injection strings are just text
    let r = get(addr, "/search?q=%27%3B%20DROP%20TABLE%20quotes%3B%20--");
    assert!(r.status == 200 || r.status == 400, "{}", r.status);
    let r = get(addr, "/api/quotes?speaker=%27%20OR%201%3D1%20--");
    assert_eq!(json(&r)["quotes"].as_array().map(Vec::len), Some(0));
    assert_eq!(
        Store::open(&db)
            .expect("store")
            .integrity_check()
            .expect("check"),
        "ok"
    );
    let search = get(addr, "/search?q=holes");
    assert!(
        search.body.contains("<mark>holes</mark>"),
        "{}",
        search.body
    );
}

#[test]
fn a_deeply_nested_page_is_refused_and_the_server_lives_on() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("w.db");
    store_with(&db);
    let addr = start(&db, 4 * 1024 * 1024);
    let n = 28_000;
    let html = format!(
        "<html><body>{}x{}</body></html>",
        "<span>".repeat(n),
        "</span>".repeat(n)
    );
    let body = serde_json::json!({ "html": html }).to_string();
    let r = request(
        addr,
        "POST",
        "/api/analyze",
        "application/json",
        body.as_bytes(),
    );
    assert_eq!(r.status, 422, "{}", r.body);
    assert!(r.body.contains("nested more than"), "{}", r.body);
    assert_eq!(get(addr, "/").status, 200, "the server still answers");
}

#[test]
fn analyses_beyond_the_limit_are_turned_away_and_bad_ids_are_404() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("w.db");
    store_with(&db);
    let mut config = whosaid_server::Config::new(db.clone());
    config.max_body = 16 * 1024 * 1024;
    config.max_analyses = 1;
    config.analysis_timeout = std::time::Duration::from_secs(300);
    let addr = start_with(config);
    // a long text keeps the one analysis slot busy for a few seconds
    let paragraph = "“We will win,” Zoë Baird said on Monday in Zürich. The talks went on.\n\n";
    let long = format!("Title\n\n{}", paragraph.repeat(40_000));
    let first = std::thread::spawn(move || {
        request(addr, "POST", "/api/analyze", "text/plain", long.as_bytes()).status
    });
    std::thread::sleep(std::time::Duration::from_millis(400));
    let r = request(
        addr,
        "POST",
        "/api/analyze",
        "text/plain",
        "T\n\n“Yes,” Ann Lee said.".as_bytes(),
    );
    assert_eq!(r.status, 503, "{}", r.body);
    assert!(r.body.contains("busy"), "{}", r.body);
    assert_eq!(get(addr, "/").status, 200, "pages still answer");
    assert_eq!(first.join().expect("first"), 200);
    for path in [
        "/speakers/abc",
        "/articles/1e9",
        "/api/entities/abc",
        "/api/articles/%20",
    ] {
        assert_eq!(get(addr, path).status, 404, "{path}");
    }
}

#[test]
fn the_search_page_keeps_the_query_and_counts_every_match() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("w.db");
    store_with(&db);
    let addr = start(&db, 64 * 1024);
    let r = get(addr, "/search?q=Russia%E2%80%99s%20%22security%22");
    assert_eq!(r.status, 200);
    assert!(
        r.body.contains("value=\"Russia’s &quot;security&quot;\""),
        "{}",
        r.body
    );
    assert!(r.body.contains(" result"), "{}", r.body);
    let r = get(addr, "/search?q=zzzzqqq");
    assert!(r.body.contains("No quote matches."), "{}", r.body);
    let r = get(addr, "/search?q=Russia&offset=1");
    assert_eq!(r.status, 200);
    assert!(r.body.contains("rel=\"prev\""), "{}", r.body);
}

#[test]
fn a_client_that_never_finishes_its_headers_is_cut_off() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("w.db");
    store_with(&db);
    let mut config = whosaid_server::Config::new(db);
    config.header_timeout = std::time::Duration::from_millis(500);
    let addr = start_with(config);
    let started = std::time::Instant::now();
    let mut slow: Vec<TcpStream> = (0..20)
        .map(|_| {
            let mut s = TcpStream::connect(addr).expect("connect");
            s.write_all(b"GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ")
                .expect("write");
            s
        })
        .collect();
    assert_eq!(get(addr, "/").status, 200, "others are still served");
    for s in &mut slow {
        s.set_read_timeout(Some(std::time::Duration::from_secs(10)))
            .expect("timeout");
        let mut rest = Vec::new();
        // the server closes the connection (perhaps after a 408): reading ends
        let _ = s.read_to_end(&mut rest);
    }
    let waited = started.elapsed();
    assert!(
        waited < std::time::Duration::from_secs(5),
        "slow-header connections were held for {waited:?}"
    );
}

#[test]
fn an_analysis_over_its_deadline_stops_and_a_giant_query_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("w.db");
    store_with(&db);
    let mut config = whosaid_server::Config::new(db);
    config.analysis_timeout = std::time::Duration::from_millis(300);
    config.max_analyses = 1;
    let addr = start_with(config);
    let paragraph = "The minister said the talks had failed, and the opposition said it would vote against the bill. ";
    let text = format!("A long article\n\n{}", paragraph.repeat(30_000));
    let r = request(addr, "POST", "/api/analyze", "text/plain", text.as_bytes());
    assert_eq!(r.status, 503, "{}", r.body);
    assert!(r.body.contains("longer than"), "{}", r.body);
    // the work stopped with its deadline: the one analysis slot is free again at once
    let small = b"A title\n\nThe minister said the talks had failed.";
    let r = request(addr, "POST", "/api/analyze", "text/plain", small);
    assert_eq!(r.status, 200, "{}", r.body);
    let long = "word ".repeat(400);
    let r = get(addr, &format!("/api/quotes?q={}", long.replace(' ', "+")));
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(r.body.contains("the limit is 500"), "{}", r.body);
    let r = get(addr, &format!("/search?q={}", long.replace(' ', "+")));
    assert_eq!(r.status, 400);
}

#[test]
fn the_api_refuses_what_its_openapi_document_forbids() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("w.db");
    store_with(&db);
    let addr = start(&db, 1 << 20);
    for (path, status) in [
        ("/api/quotes?limit=0", 400),
        ("/api/quotes?offset=-1", 400),
        ("/api/quotes?until=null&until=null", 400),
        ("/api/copies?threshold=null", 400),
        ("/api/quotes?since=&kind=", 200),
        ("/api/articles?q=%00%5C%C2%86x", 200),
    ] {
        let r = get(addr, path);
        assert_eq!(r.status, status, "{path}: {}", r.body);
        assert!(
            r.headers.contains("application/json"),
            "{path}: {}",
            r.headers
        );
    }
    let r = get(addr, "/api/quotes?q=%3A%C2%B4");
    assert_eq!(r.status, 200);
    assert!(json(&r)["note"]
        .as_str()
        .is_some_and(|n| n.contains("no word")));
    let both = br#"{"html": "<p>x</p>", "text": "x"}"#;
    let r = request(addr, "POST", "/api/analyze", "application/json", both);
    assert_eq!(r.status, 400, "{}", r.body);
    let null = br#"{"text": "x", "published": null}"#;
    let r = request(addr, "POST", "/api/analyze", "application/json", null);
    assert_eq!(r.status, 400, "{}", r.body);
    let one_line = "“We will win,” Ann Lee said.".as_bytes();
    let r = request(addr, "POST", "/api/analyze", "text/plain", one_line);
    assert_eq!(r.status, 200, "a one-line text is analysed: {}", r.body);
}

#[test]
fn lists_have_totals_filters_and_pages_and_article_pages_answer_a_reader() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("w.db");
    store_with(&db);
    {
        // a local file's path must never reach a page
        let mut store = Store::open(&db).expect("store");
        let text = "Local copy\n\n“We will talk again,” Vladimir Putin said on Monday.";
        let mut analysis = Analyzer::new().analyze(plaintext::parse(text));
        analysis.article.url = Some("file:///home/someone/crawl/local.txt".into());
        store
            .write_batch(&[ArticleRecord {
                url: analysis.article.url.clone(),
                source: None,
                analysis,
                input_hash: None,
            }])
            .expect("write");
        store.link_surnames().expect("link");
        store.refresh_stats().expect("stats");
    }
    let addr = start(&db, 1 << 20);
    let putin = json(&get(addr, "/api/quotes?speaker=Vladimir%20Putin&limit=1"))["quotes"][0]
        ["speaker_id"]
        .as_i64()
        .expect("Putin is quoted");

    let all = get(addr, "/quotes");
    assert_eq!(all.status, 200);
    let total = |body: &str| -> usize {
        let marker = "class=\"muted count\">";
        let at = body.find(marker).expect("a count") + marker.len();
        let digits: String = body[at..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        digits.parse().unwrap_or(0)
    };
    assert!(total(&all.body) > 30, "every quote counted");
    let reported = get(addr, "/quotes?kind=reported&speaker=Putin");
    assert!(total(&reported.body) < total(&all.body));
    assert!(
        reported.body.contains("class=\"reported-text\""),
        "reported speech has no quotation marks"
    );
    assert!(
        !reported.body.contains("<blockquote>“"),
        "no direct quote under kind=reported"
    );
    assert!(
        reported.body.contains("value=\"Putin\""),
        "the filter stays in its box"
    );
    assert_eq!(get(addr, "/quotes?since=10/01/2016").status, 400);

    // the speaker page honours the filters and pages; its timeline bars open their month
    let page = get(addr, &format!("/speakers/{putin}?about=NATO"));
    assert_eq!(page.status, 200);
    let about = total(&page.body);
    let whole = total(&get(addr, &format!("/speakers/{putin}")).body);
    assert!(about > 0 && about < whole, "{about} of {whole}");
    assert!(page.body.contains("cue:"), "the cue is shown");
    assert!(
        page.body.contains("since=2022-02&amp;until=2022-02"),
        "bars link to their month"
    );

    let speakers = get(addr, "/speakers?name=put&sort=name");
    assert_eq!(speakers.status, 200);
    assert!(speakers.body.contains("Vladimir Putin") && speakers.body.contains("1 speaker"));
    let articles = get(addr, "/articles?sort=quotes");
    assert!(articles.body.contains("3 articles"), "{}", articles.body);
    assert_eq!(get(addr, "/articles?sort=sideways").status, 400);

    // the article page: a legend of speakers, actors ranked and folded, no local path
    let local = json(&get(addr, "/api/articles?q=local"))["articles"][0]["id"]
        .as_i64()
        .expect("the local article");
    let article = get(addr, &format!("/articles/{local}"));
    assert!(
        !article.body.contains("file://"),
        "no machine path is shown"
    );
    let example = get(addr, "/articles/1");
    assert!(example.body.contains("class=\"legend\""));
    assert!(
        example.body.contains("more actors"),
        "the long tail of actors is folded"
    );
    let first_chip = example.body.find("class=\"chip").expect("chips");
    assert!(
        example.body[first_chip..first_chip + 300].contains("Putin"),
        "the main speaker leads the actors"
    );
    // one colour per speaker on every page
    let colour = format!("sp{}", putin.rem_euclid(24));
    assert!(example.body.contains(&colour) && page.body.contains(&colour));
}

#[test]
fn every_page_and_answer_is_the_same_on_postgresql() {
    let Some(pg) = FreshDatabase::new() else {
        return;
    };
    let dir = tempfile::tempdir().expect("tmp");
    let sqlite = dir.path().join("w.db");
    store_with(&sqlite);
    store_with(Path::new(&pg.url));
    for db in [&sqlite, Path::new(&pg.url)] {
        Store::open(db)
            .expect("store")
            .refresh_similar()
            .expect("similar");
    }
    let lite = start(&sqlite, 64 * 1024);
    let post = start(Path::new(&pg.url), 64 * 1024);
    let pages = [
        "/",
        "/articles",
        "/articles?q=NATO&sort=quotes",
        "/articles?site=government.vision",
        "/quotes",
        "/quotes?speaker=Putin&since=2022",
        "/quotes?about=NATO&kind=reported",
        "/speakers",
        "/speakers?name=put&sort=name",
        "/search?q=pro-Russian",
        "/search?q=%22security%20guarantees%22",
        "/events",
        "/events?kind=reject&code=usa",
        "/flags",
        "/variants",
        "/copies",
        "/articles/1",
    ];
    for path in pages {
        let (a, b) = (get(lite, path), get(post, path));
        assert_eq!((a.status, path), (200, path), "{}", a.body);
        assert_eq!((b.status, path), (200, path), "{}", b.body);
    }
    let answers = [
        "/api/articles",
        "/api/articles?q=Ukraine",
        "/api/quotes?limit=100",
        "/api/quotes?speaker=Vladimir%20Putin&about=NATO",
        "/api/quotes?q=pro-Russian",
        "/api/quotes?site=GOVERNMENT.VISION&kind=direct",
        "/api/entities?limit=50",
        "/api/events",
        "/api/events?actor=Putin",
        "/api/flags",
        "/api/variants",
        "/api/copies",
    ];
    for path in answers {
        let (a, b) = (get(lite, path), get(post, path));
        assert_eq!(
            (a.status, b.status, path),
            (200, 200, path),
            "{} / {}",
            a.body,
            b.body
        );
        assert_eq!(
            without_ids(json(&a)),
            without_ids(json(&b)),
            "{path}: SQLite and PostgreSQL differ"
        );
    }
}

#[test]
fn kept_connections_see_what_is_written_after_them() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("w.db");
    store_with(&db);
    let addr = start(&db, 1 << 20);
    // more requests than the server keeps connections, some at once
    let threads: Vec<_> = (0..12)
        .map(|_| std::thread::spawn(move || get(addr, "/api/quotes?speaker=Jane%20Roe").status))
        .collect();
    for t in threads {
        assert_eq!(t.join().expect("thread"), 200);
    }
    let before = json(&get(addr, "/api/quotes?speaker=Jane%20Roe"));
    assert_eq!(
        before["quotes"].as_array().map(Vec::len),
        Some(0),
        "{before}"
    );
    let mut store = Store::open(&db).expect("store");
    store
        .write_batch(&[ArticleRecord {
            url: Some("https://later.example/1".into()),
            source: None,
            analysis: Analyzer::new()
                .analyze(plaintext::parse("Later\n\n“It is done,” said Jane Roe.")),
            input_hash: None,
        }])
        .expect("write");
    let after = json(&get(addr, "/api/quotes?speaker=Jane%20Roe"));
    assert_eq!(after["quotes"].as_array().map(Vec::len), Some(1), "{after}");
}
