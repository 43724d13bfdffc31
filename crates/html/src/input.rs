//! The one input edge: a document's bytes plus what is known beside them (how to read
//! them, a file name, URL, title, date, site) → an [`Article`]. Used by `analyze`,
//! `ingest` and the server alike, with one rule for telling HTML from text.

use whosaid_analysis::{plaintext, Analysis, Analyzer, Article, Budget};

use crate::{decode_within, extract_page, InputError, Limits};

/// How a document's bytes are to be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Kind {
    /// By the file name's extension (.html/.htm → HTML, any other → text); without one,
    /// by the bytes ([`looks_like_html`]).
    #[default]
    Auto,
    /// An HTML page.
    Html,
    /// A plain-text article: a title line, then paragraphs.
    Text,
    /// Text exactly as it is, no title line (offsets into the file, for scorers).
    Raw,
}

/// A document as it arrives, before extraction.
#[derive(Debug, Clone, Default)]
pub struct RawDocument {
    /// The bytes.
    pub bytes: Vec<u8>,
    /// How to read them.
    pub kind: Kind,
    /// The file name or path, when it comes from a file (for the extension).
    pub name: Option<String>,
    /// Its URL, when known beside it.
    pub url: Option<String>,
    /// A title given beside it (a feed entry, a JSON line).
    pub title: Option<String>,
    /// A publication date given beside it.
    pub published: Option<String>,
    /// A site name given beside it.
    pub site: Option<String>,
    /// What it may be (size, nesting).
    pub limits: Limits,
}

/// The one sniffing rule: markup at the start, or an `<html`/`<!doctype` tag in the
/// first KiB.
pub fn looks_like_html(bytes: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]).to_lowercase();
    let head = head.trim_start();
    head.starts_with('<') || head.contains("<html") || head.contains("<!doctype")
}

/// A plausible publication day written in a URL or file name, as news sites and corpora
/// do (`/2016/10/12/`, `breitbart_2016-10-12_…`, `20161012`), in ISO form.
pub fn day_in_path(path: &str) -> Option<String> {
    let b = path.as_bytes();
    let digits = |at: usize, n: usize| -> Option<u32> {
        let s = b.get(at..at + n)?;
        s.iter()
            .all(u8::is_ascii_digit)
            .then(|| std::str::from_utf8(s).ok()?.parse().ok())
            .flatten()
    };
    let boundary = |at: usize| at >= b.len() || !b[at].is_ascii_digit();
    for start in 0..b.len() {
        if start > 0 && !boundary(start - 1) {
            continue;
        }
        let Some(y) = digits(start, 4).filter(|y| (1990..=2100).contains(y)) else {
            continue;
        };
        // YYYY-MM-DD, YYYY/MM/DD, YYYY_MM_DD, or YYYYMMDD
        let (m_at, d_at, end) = match b.get(start + 4) {
            Some(b'-' | b'/' | b'_' | b'.') if b.get(start + 7) == b.get(start + 4) => {
                (start + 5, start + 8, start + 10)
            }
            Some(c) if c.is_ascii_digit() => (start + 4, start + 6, start + 8),
            _ => continue,
        };
        let (Some(m), Some(d)) = (digits(m_at, 2), digits(d_at, 2)) else {
            continue;
        };
        if (1..=12).contains(&m) && (1..=31).contains(&d) && boundary(end) {
            return Some(format!("{y:04}-{m:02}-{d:02}"));
        }
    }
    None
}

impl RawDocument {
    /// True when the bytes are to be read as HTML.
    pub fn is_html(&self) -> bool {
        match self.kind {
            Kind::Html => true,
            Kind::Text | Kind::Raw => false,
            Kind::Auto => {
                let ext = self
                    .name
                    .as_deref()
                    .and_then(|n| std::path::Path::new(n).extension())
                    .and_then(|e| e.to_str())
                    .map(str::to_lowercase);
                match ext.as_deref() {
                    Some("html" | "htm") => true,
                    Some(_) => false,
                    None => looks_like_html(&self.bytes),
                }
            }
        }
    }

    /// The document read and analysed within `budget` (which also covers the reading):
    /// the one path from bytes to an [`Analysis`].
    pub fn analyze(self, analyzer: &Analyzer, budget: &Budget) -> Result<Analysis, InputError> {
        // every article is kept, so `None` cannot come back
        self.analyze_if(analyzer, budget, |_| true)?
            .ok_or(InputError::NoArticle)
    }

    /// [`RawDocument::analyze`], for an article that `keep` keeps (`ingest` skips pages
    /// that are not articles before analysing them): `None` when it does not.
    pub fn analyze_if(
        self,
        analyzer: &Analyzer,
        budget: &Budget,
        keep: impl FnOnce(&Article) -> bool,
    ) -> Result<Option<Analysis>, InputError> {
        budget.check()?;
        let article = self.into_article()?;
        if !keep(&article) {
            return Ok(None);
        }
        Ok(Some(analyzer.analyze_within(article, budget)?))
    }

    /// The article: decoded, extracted (HTML) or read by the plain-text rules, with the
    /// metadata given beside it filling what the document does not say.
    pub fn into_article(self) -> Result<Article, InputError> {
        let html = self.is_html();
        let text = decode_within(&self.bytes, html, &self.limits)?;
        if self.kind == Kind::Raw {
            return Ok(Article::from_raw_text(&text));
        }
        let mut article = if html {
            // a local file's URL is its path, which tells the classifier nothing
            let address = self.url.as_deref().filter(|u| !u.starts_with("file://"));
            extract_page(&text, &self.limits, address)?
        } else {
            plaintext::parse(&text)
        };
        // no letter or digit anywhere (zero-width spaces, rules, bullets): no article
        if article.paragraphs.is_empty() || !article.text.chars().any(char::is_alphanumeric) {
            return Err(InputError::NoArticle);
        }
        if article.title.is_none() {
            article.title = self.title;
        }
        if article.published.is_none() {
            let (published, from) = self
                .published
                .map(|d| (d, "given"))
                .or_else(|| {
                    let url = self.url.as_deref();
                    // a local file's URL is its path: the date is in its file name
                    let from = if url.is_some_and(|u| u.starts_with("file://")) {
                        "file name"
                    } else {
                        "url"
                    };
                    url.and_then(day_in_path).map(|d| (d, from))
                })
                .or_else(|| {
                    let name = self.name.as_deref();
                    name.and_then(day_in_path).map(|d| (d, "file name"))
                })
                .unzip();
            article.published = published;
            article.published_from = from.map(str::to_string);
        }
        if let Some(s) = self.site {
            if article.site.is_none() {
                article.site = Some(s);
            } else if !html && article.site.as_deref() != Some(s.as_str()) {
                // a plain text's site is only guessed from a title suffix ("… — Yet."):
                // the site given beside it wins, and the title keeps its suffix
                article.title = text
                    .lines()
                    .find(|l| !l.trim().is_empty())
                    .map(|l| l.trim().to_string())
                    .or(article.title);
                article.site = Some(s);
            }
        }
        Ok(article)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(bytes: &str, kind: Kind, name: Option<&str>) -> RawDocument {
        RawDocument {
            bytes: bytes.as_bytes().to_vec(),
            kind,
            name: name.map(str::to_string),
            ..RawDocument::default()
        }
    }

    #[test]
    fn one_rule_tells_html_from_text() {
        assert!(doc("plain", Kind::Auto, Some("a.HTM")).is_html());
        assert!(!doc("<p>x</p>", Kind::Auto, Some("a.txt")).is_html());
        assert!(doc("  <p>Zürich</p>", Kind::Auto, None).is_html());
        assert!(doc("Title\n\n<!DOCTYPE html>", Kind::Auto, None).is_html());
        assert!(!doc("Título\n\n“Sí,” dijo.", Kind::Auto, None).is_html());
        assert!(!doc("<p>x</p>", Kind::Text, None).is_html());
    }

    #[test]
    fn metadata_beside_fills_what_the_text_does_not_say() {
        let mut d = doc("Título\n\n“Sí,” dijo Ana Núñez.", Kind::Text, Some("a.txt"));
        d.published = Some("2016-10-12".into());
        d.site = Some("El País".into());
        let a = d.into_article().expect("an article");
        assert_eq!(a.title.as_deref(), Some("Título"));
        assert_eq!(a.published.as_deref(), Some("2016-10-12"));
        assert_eq!(a.site.as_deref(), Some("El País"));
    }

    #[test]
    fn a_day_in_the_url_or_the_file_name() {
        for (path, day) in [
            (
                "https://www.nytimes.com/2016/10/12/us/politics/x.html",
                Some("2016-10-12"),
            ),
            (
                "polnear/dev/text/breitbart_2016-09-15_pat-caddell.txt",
                Some("2016-09-15"),
            ),
            ("/archive/20220201-putin.html", Some("2022-02-01")),
            ("/news/2016-13-45/x", None),
            ("/items/1234567890/", None),
            ("/2016/10/", None),
            ("putin-nato-2022.txt", None),
        ] {
            assert_eq!(day_in_path(path).as_deref(), day, "{path}");
        }
        let mut d = doc(
            "Título\n\n“Sí,” dijo.",
            Kind::Text,
            Some("x/afp_2016-10-12_sí.txt"),
        );
        d.url = Some("file:///x/afp_2016-10-12_sí.txt".into());
        assert_eq!(
            d.into_article().ok().and_then(|a| a.published).as_deref(),
            Some("2016-10-12")
        );
    }

    #[test]
    fn raw_text_keeps_every_offset() {
        let a = doc("Untitled\n\n“Oui.”", Kind::Raw, None)
            .into_article()
            .expect("an article");
        assert_eq!(a.text, "Untitled\n\n“Oui.”");
    }

    #[test]
    fn no_text_is_an_error_and_one_line_is_a_body() {
        let e = doc("\n \n\u{200b}\n", Kind::Text, None)
            .into_article()
            .unwrap_err();
        assert!(
            matches!(e, InputError::NoArticle | InputError::Empty),
            "{e}"
        );
        // a statement pasted on its own is analysed, not taken for a headline
        let a = doc("“We will win,” Ann Lee said.\n", Kind::Text, None)
            .into_article()
            .expect("an article");
        assert_eq!(a.paragraphs.len(), 1);
        assert_eq!(a.title, None);
    }
}
