//! The publication date of a page, found as htmldate does: `<meta>` tags first
//! (article:published_time, og, Dublin Core, parsely, sailthru…), then JSON-LD
//! `datePublished` (never `dateModified`), then `<time>` elements marked as publication,
//! then a date in the canonical URL's path, then a visible date in a byline, then a date
//! line near the headline ("Published Oct. 12, 2016", "December 15, 2025"). Each candidate is read into a day and kept only
//! between 1990 and 2100; an ISO timestamp is kept as written. The last modification
//! (`article:modified_time`, JSON-LD `dateModified`) is read apart, never as the
//! publication date.

use dom_query::Document;

/// `<meta>` names and properties that state the publication date, most trusted first.
const META: &[&str] = &[
    "meta[property='article:published_time']",
    "meta[name='pubdate']",
    "meta[name='published']",
    "meta[name='date']",
    "meta[itemprop='datePublished']",
    "meta[property='og:published_time']",
    "meta[name='article:published_time']",
    "meta[name='parsely-pub-date']",
    "meta[name='sailthru.date']",
    "meta[name='publish-date']",
    "meta[name='publishdate']",
    "meta[name='publish_date']",
    "meta[name='article.published']",
    "meta[name='original-publish-date']",
    "meta[name='DC.date.issued']",
    "meta[name='dc.date.issued']",
    "meta[name='DC.date']",
    "meta[name='dc.date']",
    "meta[name='dcterms.issued']",
    "meta[name='dcterms.created']",
    "meta[name='citation_publication_date']",
    "meta[name='citation_date']",
    "meta[property='article:published']",
    "meta[name='published-date']",
    "meta[name='publishDate']",
    "meta[name='publication_date']",
    "meta[name='pub_date']",
    "meta[name='date_published']",
    "meta[name='article_date_original']",
];

/// Elements whose `datetime` or `content` states the publication date.
const MARKED: &[&str] = &[
    "time[pubdate]",
    "time[itemprop='datePublished']",
    "[itemprop='datePublished']",
    "time[class*='publish']",
    "time[class*='date']",
    "header time[datetime]",
    "article time[datetime]",
    "time[datetime]",
];

/// Elements around a byline or dateline whose text may hold the date.
const BYLINES: &[&str] = &[
    "[class*='publish']",
    "[class*='dateline']",
    "[class*='byline']",
    "[class*='date']",
    "[class*='time']",
    "[class*='meta']",
    "[id*='date']",
    "time",
];

/// The publication date the page states, and where it was found.
pub(crate) fn published(doc: &Document) -> Option<(String, &'static str)> {
    if let Some(d) = from_meta(doc, META) {
        return Some((d, "meta"));
    }
    if let Some(d) = from_json_ld(doc) {
        return Some((d, "json-ld"));
    }
    if let Some(d) = from_meta(doc, MARKED) {
        return Some((d, "time"));
    }
    None
}

/// A date in the canonical URL's path, then a visible date in a byline: the last resorts,
/// after the extraction crate's own reading; with where it was found.
pub(crate) fn published_fallback(
    doc: &Document,
    url: Option<&str>,
) -> Option<(String, &'static str)> {
    url.and_then(crate::day_in_path)
        .map(|d| (d, "url"))
        .or_else(|| near_headline(doc).map(|d| (d, "headline")))
        .or_else(|| from_byline(doc).map(|d| (d, "byline")))
        .or_else(|| labelled(doc).map(|d| (d, "label")))
}

/// Rule `url-day-is-the-local-day`: a stated timestamp one day off the date in the page's
/// own URL path is a story posted late in the evening (or early in the morning) somewhere
/// the timestamp's zone is not: the URL says the day it was published where it was
/// written (`2025-12-19T02:41:41+00:00` on `/2025/12/18/…` → 2025-12-18).
pub(crate) fn local_day(
    published: (String, &'static str),
    url: Option<&str>,
) -> (String, &'static str) {
    use whosaid_analysis::types::Day;
    let timestamp = published.0.len() > 10;
    let in_url = url.and_then(crate::day_in_path);
    match (in_url, Day::parse(&published.0)) {
        (Some(u), Some(p))
            if timestamp && Day::parse(&u).is_some_and(|u| p.days_to(u).abs() == 1) =>
        {
            (u, "url")
        }
        _ => published,
    }
}

/// How many elements after the headline are looked at for a date line, and before it.
const AFTER_HEADLINE: usize = 120;
const BEFORE_HEADLINE: usize = 15;

/// A date standing alone in a small element just after the headline (or just before it),
/// as blogs print it under the title: `<h1>…</h1><p>December 15, 2025</p>`, `<p>By Ann
/// Lee<br>4 August 2010</p>`. Only elements with a short text are read, nearest first.
fn near_headline(doc: &Document) -> Option<String> {
    let body = doc.select("body *");
    let elements = body.nodes();
    // the headline: the first <h1>, or on a page without one the first <h2>
    let heading = |tag: &str| {
        elements
            .iter()
            .position(|n| n.node_name().is_some_and(|name| &*name == tag))
    };
    let h1 = heading("h1").or_else(|| heading("h2"))?;
    let date_line = |n: &dom_query::NodeRef| -> Option<String> {
        // short once its layout whitespace is collapsed ("Dec 26, 2025 <br> Ann Lee")
        if collapsed_len(&n.text()) > 80 {
            return None;
        }
        // laid out, so that "Gerrand<br>4 August" keeps its words apart
        read_date(n.formatted_text().trim())
    };
    let after = elements.iter().skip(h1 + 1).take(AFTER_HEADLINE);
    let before = elements[h1.saturating_sub(BEFORE_HEADLINE)..h1]
        .iter()
        .rev();
    after.chain(before).find_map(date_line)
}

/// The length of `text` with its runs of whitespace counted as one space.
fn collapsed_len(text: &str) -> usize {
    text.split_whitespace().map(|w| w.len() + 1).sum()
}

/// Words that announce a publication date in running page text.
const DATE_LABELS: &[&str] = &[
    "posted on",
    "published on",
    "published:",
    "posted:",
    "publication date",
];

/// How many elements are looked at for a labelled date.
const LABELLED_SCAN: usize = 5_000;

/// A short element whose own text announces a date ("Posted on April 13, 2023",
/// "Published: 12.10.2016"), wherever it stands on the page.
fn labelled(doc: &Document) -> Option<String> {
    doc.select("body *")
        .iter()
        .take(LABELLED_SCAN)
        .find_map(|node| {
            // the element's own text, not its descendants': each text is read once
            let text = node.immediate_text();
            if collapsed_len(&text) > 60 {
                return None;
            }
            let lower = text.trim().to_lowercase();
            DATE_LABELS
                .iter()
                .find_map(|label| lower.strip_prefix(label))
                .and_then(|rest| read_date(rest.trim()))
        })
}

/// `<meta>` names and properties that state the last modification.
const MODIFIED: &[&str] = &[
    "meta[property='article:modified_time']",
    "meta[property='og:updated_time']",
    "meta[itemprop='dateModified']",
    "meta[name='last-modified']",
    "meta[name='dcterms.modified']",
    "time[itemprop='dateModified']",
];

/// The last modification date the page states (meta, then JSON-LD `dateModified`).
pub(crate) fn modified(doc: &Document) -> Option<String> {
    from_meta(doc, MODIFIED).or_else(|| from_json_ld_key(doc, "dateModified"))
}

fn from_meta(doc: &Document, selectors: &[&str]) -> Option<String> {
    selectors.iter().find_map(|sel| {
        doc.select(sel).iter().find_map(|node| {
            let v = node.attr("content").or_else(|| node.attr("datetime"))?;
            read_date(v.trim())
        })
    })
}

/// `datePublished` anywhere in the page's JSON-LD blocks (in `@graph`s and lists too).
fn from_json_ld(doc: &Document) -> Option<String> {
    from_json_ld_key(doc, "datePublished")
}

fn from_json_ld_key(doc: &Document, key: &str) -> Option<String> {
    doc.select("script[type='application/ld+json']")
        .iter()
        .find_map(|script| {
            let text = script.text();
            let value: serde_json::Value = serde_json::from_str(text.trim()).ok()?;
            find_key(&value, key, 0)
        })
}

fn find_key(v: &serde_json::Value, key: &str, depth: usize) -> Option<String> {
    if depth > 8 {
        return None;
    }
    match v {
        serde_json::Value::Object(map) => map
            .get(key)
            .and_then(|d| d.as_str())
            .and_then(read_date)
            .or_else(|| map.values().find_map(|x| find_key(x, key, depth + 1))),
        serde_json::Value::Array(items) => items.iter().find_map(|x| find_key(x, key, depth + 1)),
        _ => None,
    }
}

/// A date in the short text of a byline or dateline element.
fn from_byline(doc: &Document) -> Option<String> {
    BYLINES.iter().find_map(|sel| {
        doc.select(sel).iter().take(20).find_map(|node| {
            let text = node.text();
            (text.len() <= 200)
                .then(|| read_date(text.trim()))
                .flatten()
        })
    })
}

/// A date read from text: an ISO timestamp or day (kept as written from the day on), or
/// a written date ("Oct. 12, 2016", "12 October 2016", "10/12/2016") as `YYYY-MM-DD`.
pub(crate) fn read_date(text: &str) -> Option<String> {
    if let Some(day) = crate::day_in_path(text.get(..10.min(text.len()))?) {
        let iso = text.len() >= 10 && text.as_bytes()[4] == b'-';
        return Some(if iso && plausible_timestamp(text) {
            text.to_string()
        } else {
            day
        });
    }
    written_date(text)
}

/// An ISO timestamp worth keeping whole: short, no spaces after the day but a `T` time.
fn plausible_timestamp(text: &str) -> bool {
    text.len() <= 35 && !text.contains(' ')
}

fn month_of(word: &str) -> Option<u32> {
    whosaid_analysis::types::month_number(word)
}

/// "Oct. 12, 2016", "October 12 2016", "12 October 2016", "Thu, 25 Sep 2025", "10/12/2016".
fn written_date(text: &str) -> Option<String> {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .take(60)
        .collect();
    let number = |w: &str, max: u32| -> Option<u32> {
        let w = w.trim_end_matches(['.', 's', 't', 'h', 'n', 'd', 'r']);
        (w.len() <= 2)
            .then(|| w.parse().ok())
            .flatten()
            .filter(|n| (1..=max).contains(n))
    };
    let year = |w: &str| -> Option<u32> {
        let w = w.trim_end_matches(['.', ';', ')']);
        (w.len() == 4)
            .then(|| w.parse().ok())
            .flatten()
            .filter(|y| (1990..=2100).contains(y))
    };
    for i in 0..words.len() {
        let (a, b, c) = (words[i], words.get(i + 1), words.get(i + 2));
        let day = |m: u32, d: u32, y: u32| Some(format!("{y:04}-{m:02}-{d:02}"));
        if let (Some(m), Some(b), Some(c)) = (month_of(a), b, c) {
            if let (Some(d), Some(y)) = (number(b, 31), year(c)) {
                return day(m, d, y);
            }
        }
        if let (Some(d), Some(b), Some(c)) = (number(a, 31), b, c) {
            if let (Some(m), Some(y)) = (month_of(b), year(c)) {
                return day(m, d, y);
            }
        }
        if let Some(slashed) = slashed_date(a) {
            return Some(slashed);
        }
    }
    None
}

/// "10/12/2016" (month first unless the first number cannot be a month) or "12.10.2016"
/// (day first, as written where dots are used).
fn slashed_date(word: &str) -> Option<String> {
    let (sep, day_first) = if word.contains('/') {
        ('/', false)
    } else if word.contains('.') {
        ('.', true)
    } else {
        return None;
    };
    let parts: Vec<&str> = word.trim_end_matches([',', ';']).split(sep).collect();
    let [a, b, y] = parts[..] else {
        return None;
    };
    let n = |s: &str| -> Option<u32> { (s.len() <= 2).then(|| s.parse().ok()).flatten() };
    let (a, b) = (n(a)?, n(b)?);
    let y: u32 = (y.len() == 4).then(|| y.parse().ok()).flatten()?;
    if !(1990..=2100).contains(&y) {
        return None;
    }
    let (m, d) = if day_first || a > 12 { (b, a) } else { (a, b) };
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then(|| format!("{y:04}-{m:02}-{d:02}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_dates_become_days() {
        for (text, day) in [
            ("Published Oct. 12, 2016, 5:00 p.m.", "2016-10-12"),
            ("Updated: 12 October 2016", "2016-10-12"),
            ("Thu, 25 Sep 2025 11:38:00 GMT", "2025-09-25"),
            ("Sept. 3, 2024", "2024-09-03"),
            ("Thu, 09/25/2025 - 11:38", "2025-09-25"),
            ("25.09.2025", "2025-09-25"),
            ("March 2nd, 2025", "2025-03-02"),
        ] {
            assert_eq!(read_date(text).as_deref(), Some(day), "{text}");
        }
        assert_eq!(
            read_date("2022-02-01T20:15:00+00:00").as_deref(),
            Some("2022-02-01T20:15:00+00:00")
        );
        assert_eq!(read_date("2016/10/12").as_deref(), Some("2016-10-12"));
        for none in ["01/07/16", "in 1066", "May I help", "page 3 of 12"] {
            assert_eq!(read_date(none), None, "{none}");
        }
    }

    #[test]
    fn json_ld_says_when_published_not_when_modified() {
        let doc = Document::from(
            r#"<html><head><script type="application/ld+json">{"@graph":[{"@type":"WebPage"},
            {"@type":"NewsArticle","dateModified":"2025-12-19","datePublished":"2025-08-22T16:28:40Z"}]}</script>
            </head><body><p>x</p></body></html>"#,
        );
        assert_eq!(
            published(&doc),
            Some(("2025-08-22T16:28:40Z".to_string(), "json-ld"))
        );
        assert_eq!(modified(&doc).as_deref(), Some("2025-12-19"));
    }

    #[test]
    fn a_byline_dates_a_page_without_metadata() {
        let doc = Document::from(
            r#"<html><body><p class="kicker">T</p><div class="byline">By Ann Lee · March 2, 2025</div><p>x</p></body></html>"#,
        );
        assert_eq!(published(&doc), None);
        assert_eq!(
            published_fallback(&doc, None),
            Some(("2025-03-02".to_string(), "byline"))
        );
        assert_eq!(
            published_fallback(&doc, Some("https://x.org/2024/01/05/story")),
            Some(("2024-01-05".to_string(), "url"))
        );
    }

    #[test]
    fn a_date_line_under_the_headline_dates_the_page() {
        for (page, day) in [
            (
                r#"<body><nav>Jan 1, 2020</nav><h1>Bolmo</h1><div><p class="x">December 15, 2025</p></div><p>Text of 3 March 2019.</p></body>"#,
                "2025-12-15",
            ),
            (
                r#"<body><h1>Defer</h1><p class="author">Andrew Gerrand<br>4 August 2010</p></body>"#,
                "2010-08-04",
            ),
            (
                r#"<body><small>Posted 2 May 2021</small><h1>T</h1><p>No date here at all, only a long paragraph of text that goes on.</p></body>"#,
                "2021-05-02",
            ),
            (
                r#"<body><h2>A post without an h1</h2><div><small>May 3, 2022</small></div><p>Text.</p></body>"#,
                "2022-05-03",
            ),
        ] {
            let doc = Document::from(page);
            assert_eq!(
                published_fallback(&doc, None),
                Some((day.to_string(), "headline")),
                "{page}"
            );
        }
    }
}

#[cfg(test)]
mod session_11_tests {
    use super::*;

    #[test]
    fn a_labelled_date_anywhere_dates_the_page() {
        let doc = Document::from(
            r#"<body><p>Intro</p><div class="meta date-section-header"><span>Posted on April 13, 2023</span>
            <div class="tags"><span>Tags:</span><a href="/t/a">academic journal indexing</a><a href="/t/b">peer review and the many ways of it</a><a href="/t/c">open access publishing for small societies</a><a href="/t/d">metadata, identifiers and persistent links between scholarly records</a><a href="/t/e">webinars</a></div></div></body>"#,
        );
        assert_eq!(
            published_fallback(&doc, None),
            Some(("2023-04-13".to_string(), "label"))
        );
    }

    #[test]
    fn a_date_line_spread_by_layout_whitespace_is_short() {
        let doc = Document::from(
            "<body><h1>Pricing Guide 2026</h1>\n<p>Dec 26, 2025                <span>&bull;</span>   Mahua Das                in\n                <a href='/pm'>Project Management</a>           </p><p>Text.</p></body>",
        );
        assert_eq!(
            published_fallback(&doc, None),
            Some(("2025-12-26".to_string(), "headline"))
        );
    }

    #[test]
    fn a_published_date_meta_is_read() {
        let doc = Document::from(
            r#"<html><head><meta name="published-date" content="2021-02-16"></head><body><p>x</p></body></html>"#,
        );
        assert_eq!(published(&doc), Some(("2021-02-16".to_string(), "meta")));
    }

    #[test]
    fn a_timestamp_a_day_off_the_url_takes_the_url_day() {
        let stamp = ("2025-12-19T02:41:41+00:00".to_string(), "meta");
        let url = Some("https://whatever.scalzi.com/2025/12/18/comfort-watches/");
        assert_eq!(
            local_day(stamp.clone(), url),
            ("2025-12-18".to_string(), "url")
        );
        // the same day, a day written without a time, or days apart: the stamp stands
        assert_eq!(
            local_day(stamp.clone(), Some("https://x.org/2025/12/19/a")),
            stamp
        );
        let day = ("2025-12-19".to_string(), "meta");
        assert_eq!(local_day(day.clone(), url), day);
        assert_eq!(
            local_day(stamp.clone(), Some("https://x.org/2025/12/10/a")),
            stamp
        );
        assert_eq!(local_day(stamp.clone(), None), stamp);
    }
}
