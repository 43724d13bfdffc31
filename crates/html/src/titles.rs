//! The title of a page: the metadata's (`og:title`, else `<title>`) without the site's
//! name, the visible headline (`<h1>`) when it agrees with it, and on an article page the
//! headline when it reads as a story.

use dom_query::Document;
use whosaid_analysis::plaintext::split_site_suffix;
use whosaid_analysis::PageType;

/// The metadata's title, tidied and without the site's name, and the site's name when a
/// suffix gave it.
pub(crate) fn from_metadata(
    og_title: Option<&str>,
    page_title: Option<&str>,
    og_site: Option<&str>,
) -> (String, Option<String>) {
    let Some(t) = og_title.or(page_title) else {
        return (String::new(), None);
    };
    let t = tidy_title(t);
    without_site(&t, og_site).map_or_else(|| split_site_suffix(&t), |h| (h, None))
}

/// The headline a reader sees when it agrees with the metadata's title, else that title.
pub(crate) fn agreed(headline: Option<&str>, title: String) -> String {
    match headline {
        Some(h) if agrees(h, &title) => h.to_string(),
        _ => title,
    }
}

/// On an article page the headline is the title even where the metadata words it
/// otherwise (an SEO title), when it reads as a story; elsewhere an `<h1>` is as often a
/// section's name, and `title` stays.
pub(crate) fn for_page(
    page_type: Option<PageType>,
    headline: Option<String>,
    title: String,
    site: Option<&str>,
) -> String {
    match (page_type, headline) {
        (Some(PageType::Article), Some(h)) if names_a_story(&h, site) => h,
        _ => title,
    }
}

/// The page's visible headline: the first `<h1>` of the article (or of the page), when it
/// reads like one (2 to 40 words).
pub(crate) fn visible_headline(doc: &Document) -> Option<String> {
    ["article h1", "main h1", "h1"].iter().find_map(|sel| {
        let h = doc.select(sel).first().text();
        let h = h.split_whitespace().collect::<Vec<_>>().join(" ");
        (2..=40).contains(&h.split(' ').count()).then_some(h)
    })
}

/// The title without the site's name the page states (`og:site_name`) at its end or start,
/// however many words that name has ("Headline | Scratch Culinary Meal Prep").
fn without_site(title: &str, site: Option<&str>) -> Option<String> {
    let site = tidy_title(site?);
    if site.is_empty() || site.len() >= title.len() {
        return None;
    }
    let lower = title.to_lowercase();
    let name = site.to_lowercase();
    let trim = |s: &str| {
        s.trim_matches(|c: char| {
            c.is_whitespace() || matches!(c, '|' | '-' | '–' | '—' | ':' | '·')
        })
        .to_string()
    };
    // the lower-cased title has the same byte lengths for almost every script; where it
    // does not, `get` finds no boundary and the name stays
    let head = lower
        .strip_suffix(name.as_str())
        .filter(|h| h.ends_with([' ', '|', '-', '–', '—', ':', '·']))
        .and_then(|h| title.get(..h.len()));
    let tail = lower
        .strip_prefix(name.as_str())
        .filter(|t| t.starts_with([' ', '|', '-', '–', '—', ':', '·']))
        .and_then(|t| title.get(title.len() - t.len()..));
    head.or(tail)
        .map(trim)
        .filter(|h| h.split_whitespace().count() >= 2)
}

/// A title as one clean line: white space (no-break spaces too) folded, and entities a page
/// escaped twice (`&amp;#x26;`) decoded.
pub(crate) fn tidy_title(title: &str) -> String {
    let mut t = title.split_whitespace().collect::<Vec<_>>().join(" ");
    for (entity, c) in [
        ("&#x26;", "&"),
        ("&#38;", "&"),
        ("&amp;", "&"),
        ("&#39;", "'"),
        ("&#x27;", "'"),
        ("&quot;", "\""),
    ] {
        if t.contains(entity) {
            t = t.replace(entity, c);
        }
    }
    t
}

/// True when a headline of an article page reads as the story's own, not the site's name
/// in a banner: four words or more, none of them a word of the site's name.
fn names_a_story(headline: &str, site: Option<&str>) -> bool {
    let words: Vec<String> = headline
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let site_words: Vec<String> = site
        .unwrap_or("")
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() > 2)
        .map(str::to_lowercase)
        .collect();
    words.len() >= 4 && !words.iter().any(|w| site_words.contains(w))
}

/// True when a headline and the metadata's title share at least half of the headline's
/// words (the same story, not a site name or a section heading), or there is no title.
fn agrees(headline: &str, title: &str) -> bool {
    let words = |t: &str| -> Vec<String> {
        t.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect()
    };
    let (h, t) = (words(headline), words(title));
    if t.is_empty() {
        return true;
    }
    let shared = h.iter().filter(|w| t.contains(w)).count();
    shared * 2 >= h.len()
}
