//! whosaid-html: from the bytes of a web page to an [`Article`]: decoding (BOM, declared
//! charset), main-content extraction with `dom_smoothie` (a port of Mozilla Readability),
//! and metadata (title without site suffix, site, date, author) from `<meta>`, `<time>`
//! and JSON-LD. Paragraph boundaries are kept.

pub mod containers;
mod dates;
mod input;
pub mod second_opinion;
mod titles;

pub use input::{day_in_path, looks_like_html, Kind, RawDocument};

use dom_query::Document;
use dom_smoothie::{Config, Readability, TextMode};
use whosaid_analysis::Article;

/// Why a page could not be read.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum InputError {
    /// The input holds no bytes (or only white space).
    #[error("empty input")]
    Empty,
    /// The input looks like binary data, not text.
    #[error("binary data, not text (NUL bytes in the first 8 KiB)")]
    Binary,
    /// The input is larger than the limit.
    #[error("too large ({size} bytes; the limit is {limit} bytes)")]
    TooLarge {
        /// Input size.
        size: usize,
        /// Limit in force.
        limit: usize,
    },
    /// Not valid UTF-8 and no charset was declared.
    #[error("not valid UTF-8 (byte {offset}) and no charset declared")]
    NotUtf8 {
        /// Offset of the first invalid byte.
        offset: usize,
    },
    /// The declared charset is unknown.
    #[error("unknown charset {0:?}")]
    UnknownCharset(String),
    /// The page declares UTF-8 but its bytes are not.
    #[error("declared UTF-8 but not valid UTF-8 (byte {offset})")]
    BadUtf8 {
        /// Offset of the first invalid byte.
        offset: usize,
    },
    /// UTF-32 text (by its byte-order mark), which whosaid does not read.
    #[error("UTF-32 text is not supported; convert it to UTF-8")]
    Utf32,
    /// No article text could be found in the page.
    #[error("no article text found")]
    NoArticle,
    /// Reading or analysing it ran out of time (or was cancelled).
    #[error(transparent)]
    OverBudget(#[from] whosaid_analysis::OverBudget),
    /// The page nests elements deeper than the extractor can safely walk.
    #[error("elements nested more than {limit} deep: not a page a person reads")]
    TooDeep {
        /// Limit in force.
        limit: usize,
    },
}

/// The deepest element nesting extracted. Real pages stay under about 60 levels; the
/// extraction crate walks the tree recursively, so a hostile page 28,000 levels deep would
/// overflow a thread's stack and abort the process. Deeper pages are refused.
pub const MAX_DEPTH: usize = 400;

/// The largest input accepted, in bytes.
pub const MAX_INPUT_BYTES: usize = 64 * 1024 * 1024;

/// What one document may be — its size in bytes (a file, a JSON line, a WARC record) and
/// its element nesting — and how much work its page gets. The defaults are
/// [`MAX_INPUT_BYTES`], [`MAX_DEPTH`] and both extractors; the CLI's `--max-size`,
/// `--max-depth` and `--extractor` change them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest document, in bytes.
    pub max_bytes: usize,
    /// Deepest element nesting extracted (at most [`MAX_DEPTH`]: deeper would risk the
    /// extraction thread's stack).
    pub max_depth: usize,
    /// Which extractors read a page, and whose text is kept.
    pub extractors: Extractors,
}

/// Which extractors read a page, and whose text is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Extractors {
    /// Readability and the second extractor with its page classifier
    /// ([`second_opinion`]); the text is chosen page by page. Better text on most pages
    /// and a page type, at several times the cost of Readability alone.
    #[default]
    Auto,
    /// Readability alone: no page type.
    Readability,
    /// Both, keeping the second extractor's text whenever it has any (to compare the two).
    Trafilatura,
}

impl Extractors {
    /// The name the CLI takes.
    pub fn as_str(self) -> &'static str {
        match self {
            Extractors::Auto => "auto",
            Extractors::Readability => "readability",
            Extractors::Trafilatura => "trafilatura",
        }
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: MAX_INPUT_BYTES,
            max_depth: MAX_DEPTH,
            extractors: Extractors::Auto,
        }
    }
}

fn check_bytes(bytes: &[u8], max_bytes: usize) -> Result<(), InputError> {
    if bytes.len() > max_bytes {
        return Err(InputError::TooLarge {
            size: bytes.len(),
            limit: max_bytes,
        });
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(InputError::Empty);
    }
    if bytes[..bytes.len().min(8192)].contains(&0) {
        // UTF-16 and UTF-32 with a BOM are text
        let bom = bytes.starts_with(&[0xFF, 0xFE])
            || bytes.starts_with(&[0xFE, 0xFF])
            || bytes.starts_with(&[0, 0, 0xFE, 0xFF]);
        if !bom {
            return Err(InputError::Binary);
        }
    }
    Ok(())
}

/// The charset a page declares in its first 2 KiB (`<meta charset>` or http-equiv).
fn declared_charset(bytes: &[u8]) -> Option<String> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(2048)]).to_lowercase();
    let pos = head.find("charset=")?;
    let rest = head[pos + 8..].trim_start_matches(['"', '\'', ' ']);
    let name: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
        .collect();
    (!name.is_empty()).then_some(name)
}

/// Decodes text bytes: a BOM wins, then valid UTF-8, then a declared charset (for HTML).
pub fn decode(bytes: &[u8], html: bool) -> Result<String, InputError> {
    decode_within(bytes, html, &Limits::default())
}

/// [`decode`] with other limits.
pub fn decode_within(bytes: &[u8], html: bool, limits: &Limits) -> Result<String, InputError> {
    check_bytes(bytes, limits.max_bytes)?;
    // checked before UTF-16: the UTF-32LE mark begins with the UTF-16LE one
    if bytes.starts_with(&[0xFF, 0xFE, 0, 0]) || bytes.starts_with(&[0, 0, 0xFE, 0xFF]) {
        return Err(InputError::Utf32);
    }
    if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        return Ok(text.into_owned());
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(e) => {
            let charset = if html { declared_charset(bytes) } else { None };
            match charset {
                Some(name) if !matches!(name.as_str(), "utf-8" | "utf8") => {
                    let enc = encoding_rs::Encoding::for_label(name.as_bytes())
                        .ok_or(InputError::UnknownCharset(name))?;
                    let (text, _, _) = enc.decode(bytes);
                    Ok(text.into_owned())
                }
                Some(_) => Err(InputError::BadUtf8 {
                    offset: e.valid_up_to(),
                }),
                None => Err(InputError::NotUtf8 {
                    offset: e.valid_up_to(),
                }),
            }
        }
    }
}

fn meta(doc: &Document, selectors: &[&str]) -> Option<String> {
    for sel in selectors {
        let s = doc.select(sel);
        if let Some(v) = s.attr("content").or_else(|| s.attr("datetime")) {
            let v = v.trim().to_string();
            if !v.is_empty() {
                return Some(v);
            }
        }
    }
    None
}

/// Zero-width spaces, joiners, marks and other format characters: nothing a reader sees.
fn is_invisible(c: char) -> bool {
    c.is_whitespace()
        || matches!(c, '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}' | '\u{00AD}')
}

/// A short line that only stamps a time ("Updated Nov 19, 6:55 AM; Posted …", or a date
/// alone: "December 15, 2025").
fn is_stamp(lower: &str) -> bool {
    let words = lower.split_whitespace().count();
    let stamped = words <= 14
        && lower.chars().any(|c| c.is_ascii_digit())
        && (lower.starts_with("updated")
            || lower.starts_with("published")
            || lower.starts_with("posted")
            || lower.starts_with("last updated"));
    stamped || (words <= 4 && dates::read_date(lower).is_some())
}

/// A photo or image credit line ("Photo: Hau Dinh, AP").
fn is_credit(lower: &str) -> bool {
    let short = lower.split_whitespace().count() <= 12;
    short
        && (lower.starts_with("photo:")
            || lower.starts_with("image:")
            || lower.starts_with("photograph:")
            || lower.starts_with("credit:")
            || lower.starts_with("photo by ")
            || lower.starts_with("(photo")
            || lower.ends_with("/getty images")
            || lower.starts_with("image source"))
}

/// Lines that end the article body when an extractor lets them through.
const TRAILING_BOILERPLATE: &[&str] = &[
    "leave a reply",
    "leave a comment",
    "your email address will not be published",
    "share this",
    "related posts",
    "post comment",
];

/// How deep the parsed tree nests and how many nodes and attributes it has, walked without
/// recursion; the walk stops as soon as it passes `stop` levels.
fn shape(document: &Document, stop: usize) -> (usize, usize) {
    let mut deepest = 0;
    let mut parts = 0;
    let mut stack = vec![(document.root(), 0usize)];
    while let Some((node, depth)) = stack.pop() {
        parts += 1 + node.query_or(0, |n| n.as_element().map_or(0, |e| e.attrs.len()));
        deepest = deepest.max(depth);
        if deepest > stop {
            break;
        }
        let mut child = node.first_child();
        while let Some(c) = child {
            child = c.next_sibling();
            stack.push((c, depth + 1));
        }
    }
    (deepest, parts)
}

/// The body's lines as paragraphs: white space folded; invisible lines, a leading copy of
/// the title, datelines and update stamps at the top, photo credits and repeated blocks
/// dropped; nothing after a comment form or share bar.
fn article_paragraphs(body: &str, title: &str) -> Vec<String> {
    let mut paragraphs: Vec<String> = Vec::new();
    for line in body.lines() {
        let line = line.split_whitespace().collect::<Vec<_>>().join(" ");
        // zero-width and format characters at either end are no part of the text
        let line = line.trim_matches(is_invisible).to_string();
        // nothing visible: blank, or only zero-width and format characters
        if line.is_empty() {
            continue;
        }
        let lower = line.to_lowercase();
        if TRAILING_BOILERPLATE.iter().any(|b| lower.starts_with(b)) && !paragraphs.is_empty() {
            break;
        }
        if paragraphs.is_empty() && line == title {
            continue;
        }
        // a dateline or update stamp before the text ("Updated 5:27 am CST, Wednesday, …")
        if paragraphs.len() < 3 && is_stamp(&lower) {
            continue;
        }
        // photo credits and repeated blocks (share bars, captions) are not article text
        if is_credit(&lower) || paragraphs.contains(&line) {
            continue;
        }
        paragraphs.push(line);
    }
    paragraphs
}

/// Extracts the article from an HTML page.
pub fn extract(html: &str) -> Result<Article, InputError> {
    extract_within(html, &Limits::default())
}

/// [`extract`] with other limits (the nesting limit never above [`MAX_DEPTH`]).
pub fn extract_within(html: &str, limits: &Limits) -> Result<Article, InputError> {
    extract_page(html, limits, None)
}

/// [`extract_within`] for a page whose address is known beside it (a crawl's WARC record,
/// a JSON line's `url`): the page classifier reads the address when the page names none.
pub fn extract_page(
    html: &str,
    limits: &Limits,
    address: Option<&str>,
) -> Result<Article, InputError> {
    if html.trim().is_empty() {
        return Err(InputError::Empty);
    }
    let document = Document::from(html);
    let limit = limits.max_depth.min(MAX_DEPTH);
    let (depth, parts) = shape(&document, limit);
    if depth > limit {
        return Err(InputError::TooDeep { limit });
    }
    let stated = Stated::read(&document);
    let cfg = Config {
        text_mode: TextMode::Formatted,
        max_elements_to_parse: 200_000,
        ..Config::default()
    };
    let mut readability =
        Readability::with_document(document, None, Some(cfg)).map_err(|_| InputError::NoArticle)?;
    let parsed = readability.parse().ok();

    let page_title = parsed.as_ref().map(|a| a.title.to_string());
    let page_title = page_title.as_deref().filter(|t| !t.trim().is_empty());
    let (title, suffix_site) = titles::from_metadata(
        stated.og_title.as_deref(),
        page_title,
        stated.og_site.as_deref(),
    );
    let title = titles::agreed(stated.headline.as_deref(), title);
    let mut paragraphs = article_paragraphs(&readability_body(parsed.as_ref(), html), &title);
    let opinion = (limits.extractors != Extractors::Readability
        && parts <= second_opinion::MAX_PARTS)
        .then(|| {
            let at = stated.url.as_deref().or(address);
            second_opinion::ask(html, at, stated.whole_page)
        })
        .flatten();
    let mut extractor = "readability";
    if let Some(o) = &opinion {
        let forced = limits.extractors == Extractors::Trafilatura && !o.text.trim().is_empty();
        if forced || second_opinion::prefer_second(paragraphs.iter().map(String::len).sum(), o) {
            paragraphs = article_paragraphs(&o.text, &title);
            extractor = "trafilatura";
        }
    }
    // no letter or digit anywhere (only rules, bullets, symbols): no article
    if !paragraphs
        .iter()
        .any(|p| p.chars().any(char::is_alphanumeric))
    {
        return Err(InputError::NoArticle);
    }
    let page_type = opinion.and_then(|o| o.page_type);
    let site_name = stated.og_site.clone().or(suffix_site.clone());
    let title = titles::for_page(
        page_type,
        stated.headline.clone(),
        title,
        site_name.as_deref(),
    );
    // the headline at the top of the text is the title, not the article's first paragraph
    if paragraphs.len() > 1 && paragraphs[0] == title {
        paragraphs.remove(0);
    }
    let mut article = Article::from_paragraphs(&paragraphs);
    article.page_type = page_type;
    article.extractor = Some(extractor.to_string());
    article.title = (!title.is_empty()).then_some(title);
    stated.fill(&mut article, parsed.as_ref(), suffix_site);
    Ok(article)
}

/// What a page states of itself, read before the extractor takes the document.
struct Stated {
    /// Whether it is a whole page (it has `<meta>` elements), not a fragment.
    whole_page: bool,
    og_title: Option<String>,
    og_site: Option<String>,
    published: Option<(String, &'static str)>,
    /// The last resorts for the date (the canonical URL's path, a date line, a byline).
    fallback: Option<(String, &'static str)>,
    modified: Option<String>,
    author: Option<String>,
    url: Option<String>,
    headline: Option<String>,
}

impl Stated {
    fn read(document: &Document) -> Stated {
        let published = dates::published(document);
        let url = document
            .select("link[rel='canonical']")
            .attr("href")
            .map(|u| u.to_string())
            .or_else(|| meta(document, &["meta[property='og:url']"]));
        let fallback = published
            .is_none()
            .then(|| dates::published_fallback(document, url.as_deref()))
            .flatten();
        Stated {
            whole_page: document.select("meta").exists(),
            og_title: meta(
                document,
                &["meta[property='og:title']", "meta[name='twitter:title']"],
            ),
            og_site: meta(
                document,
                &[
                    "meta[property='og:site_name']",
                    "meta[name='application-name']",
                ],
            ),
            published,
            fallback,
            modified: dates::modified(document),
            author: meta(
                document,
                &["meta[name='author']", "meta[property='article:author']"],
            ),
            url,
            headline: titles::visible_headline(document).map(|h| titles::tidy_title(&h)),
        }
    }

    /// Site, dates, author and URL of the article: what the page states, else what the
    /// extractor read.
    fn fill(
        self,
        article: &mut Article,
        parsed: Option<&dom_smoothie::Article>,
        suffix_site: Option<String>,
    ) {
        article.site = self
            .og_site
            .or_else(|| parsed.and_then(|a| a.site_name.clone()))
            .or(suffix_site);
        let (published, from) = self
            .published
            .or_else(|| {
                let read = parsed.and_then(|a| a.published_time.as_deref());
                read.and_then(|d| dates::read_date(d.trim()))
                    .map(|d| (d, "extractor"))
            })
            .map(|p| dates::local_day(p, self.url.as_deref()))
            .or(self.fallback)
            .unzip();
        article.published = published;
        article.published_from = from.map(str::to_string);
        article.modified = self.modified;
        article.author = parsed
            .and_then(|a| a.byline.clone())
            .or(self.author)
            .map(|b| {
                b.trim()
                    .trim_start_matches("By ")
                    .trim_start_matches("by ")
                    .trim()
                    .to_string()
            })
            .filter(|b| !b.is_empty());
        article.url = self.url.or_else(|| parsed.and_then(|a| a.url.clone()));
    }
}

/// Readability's text, or when it found no main content (short or unusual pages) the text
/// of the whole body, block by block, without code (a page of only `<script>` or `<style>`
/// is no article); `<noscript>` stays: forums such as Discourse serve their posts there to
/// clients without JavaScript.
fn readability_body(parsed: Option<&dom_smoothie::Article>, html: &str) -> String {
    let body = parsed
        .map(|a| a.text_content.to_string())
        .unwrap_or_default();
    if !body.trim().is_empty() {
        return body;
    }
    let whole = Document::from(html);
    whole.select("script, style, template").remove();
    whole.select("body").formatted_text().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings_are_told_apart() {
        let utf32: Vec<u8> = [0xFF, 0xFE, 0, 0]
            .into_iter()
            .chain("Zoë".chars().flat_map(|c| (c as u32).to_le_bytes()))
            .collect();
        assert!(matches!(decode(&utf32, false), Err(InputError::Utf32)));
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("Zoë".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(decode(&utf16, false).ok().as_deref(), Some("Zoë"));
        let lying = b"<html><head><meta charset=\"utf-8\"></head><body>Zo\xEB</body></html>";
        assert!(matches!(
            decode(lying, true),
            Err(InputError::BadUtf8 { .. })
        ));
        let latin1 = b"<html><head><meta charset=\"iso-8859-1\"></head><body>Zo\xEB</body></html>";
        assert!(decode(latin1, true).is_ok_and(|t| t.contains("Zoë")));
    }

    #[test]
    fn code_and_invisible_text_are_no_article() {
        for page in [
            "<html><body><script>var q = \"“Yes,” he said.\";</script></body></html>",
            "<html><body><style>p { color: red }</style><template><p>Hidden</p></template></body></html>",
            "<html><body><p>\u{200B}\u{200B}</p><p>\u{00A0} \u{2003}</p></body></html>",
            "<html><body><p>* * *</p><p>———</p></body></html>",
        ] {
            assert!(
                matches!(extract(page), Err(InputError::NoArticle)),
                "{page}: {:?}",
                extract(page)
            );
        }
        let a = extract("<html><body><p>\u{200B}</p><p>“Ja,” sagte Jürgen.</p></body></html>")
            .expect("an article");
        assert_eq!(a.text, "“Ja,” sagte Jürgen.");
        // a forum serving its posts to clients without JavaScript
        let a = extract(
            "<html><body><style>.x{}</style><noscript><p>Zoë wrote: the update broke it.</p></noscript></body></html>",
        )
        .expect("the posts");
        assert!(a.text.contains("Zoë wrote"), "{}", a.text);
        assert!(!a.text.contains(".x{}"), "{}", a.text);
    }

    #[test]
    fn deep_nesting_is_refused_without_overflowing_the_stack() {
        // on a thread with a small stack, as the server's and the workers' threads are
        let page = |tag: &str, n: usize| {
            format!(
                "<html><body>{}<p>“Oui,” dit Zoë.</p>{}</body></html>",
                format!("<{tag}>").repeat(n),
                format!("</{tag}>").repeat(n)
            )
        };
        let result = std::thread::Builder::new()
            .stack_size(2 * 1024 * 1024)
            .spawn(move || {
                let deep = extract(&page("span", 28_000)).map(|_| ());
                let limit = extract(&page("div", MAX_DEPTH - 5)).map(|a| a.text);
                (deep, limit)
            })
            .expect("thread")
            .join()
            .expect("no overflow");
        assert!(matches!(result.0, Err(InputError::TooDeep { .. })));
        assert!(result.1.is_ok_and(|t| t.contains("Zoë")));
    }

    #[test]
    fn decodes_declared_windows_1252() {
        let bytes = b"<html><head><meta charset=\"windows-1252\"></head><body><p>caf\xe9 \x93quoted\x94</p></body></html>";
        let text = decode(bytes, true).expect("decodes");
        assert!(text.contains("café “quoted”"));
    }

    #[test]
    fn rejects_binary_empty_and_undeclared_latin1() {
        assert_eq!(decode(b"\x00\x01\x02abc", true), Err(InputError::Binary));
        assert_eq!(decode(b"   \n", false), Err(InputError::Empty));
        assert!(matches!(
            decode(b"caf\xe9", false),
            Err(InputError::NotUtf8 { offset: 3 })
        ));
    }

    #[test]
    fn extracts_paragraphs_and_metadata() {
        let html = r#"<html><head><title>A headline for testing - example.org</title>
            <meta property="article:published_time" content="2020-01-02T03:04:05Z"></head>
            <body><nav><a href="/">Home</a></nav><article><h1>A headline for testing</h1>
            <p>First paragraph of the article, long enough to count as content for readability scoring purposes.</p>
            <p>Second paragraph, with “a quote,” she said, and more text to make it long enough to be kept.</p>
            </article><footer>All rights reserved.</footer></body></html>"#;
        let a = extract(html).expect("article");
        assert_eq!(a.title.as_deref(), Some("A headline for testing"));
        assert_eq!(a.published.as_deref(), Some("2020-01-02T03:04:05Z"));
        assert_eq!(a.paragraphs.len(), 2, "{:?}", a.text);
        assert!(!a.text.contains("rights reserved"));
    }

    #[test]
    fn the_visible_headline_wins_when_it_agrees_with_the_metadata() {
        let body = "<p>The talks went on for hours, and the ministers said they would meet again next week in Geneva to settle the rest.</p>".repeat(4);
        let page = |h1: &str| {
            format!(
                "<html><head><meta property='og:title' content='Health And Nutrition Trends For 2026 | Daily'></head>\
                 <body><header><h1>{h1}</h1></header><article><p>{body}</p></article></body></html>"
            )
        };
        let a = extract(&page("Top 10 Health and Nutrition Trends to Watch")).expect("article");
        assert_eq!(
            a.title.as_deref(),
            Some("Top 10 Health and Nutrition Trends to Watch")
        );
        let a = extract(&page("Daily News Network")).expect("article");
        assert_eq!(
            a.title.as_deref(),
            Some("Health And Nutrition Trends For 2026")
        );
    }
}
