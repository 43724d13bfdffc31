//! Plain-text articles: the first non-empty line is the page title, a repeated headline is
//! dropped, and a trailing comment form ("Leave a Reply") is not article text.

use crate::types::Article;

/// Lines that start a site's comment form; they and everything after are dropped.
const COMMENT_FORM: &[&str] = &[
    "leave a reply",
    "leave a comment",
    "post a comment",
    "add a comment",
    "your email address will not be published",
];

/// Separators between a headline and a site name in a page title.
const TITLE_SEPARATORS: &[&str] = &[" | ", " - ", " – ", " — ", " -", " :: ", " · "];

/// Removes a trailing site name from a page title ("Headline -government.vision").
/// Returns the headline and the site, if one was found.
pub fn split_site_suffix(title: &str) -> (String, Option<String>) {
    let title = title.trim();
    for sep in TITLE_SEPARATORS {
        if let Some(pos) = title.rfind(sep) {
            let (head, tail) = (&title[..pos], title[pos + sep.len()..].trim());
            let words = tail.split_whitespace().count();
            let looks_like_site = !tail.is_empty()
                && words <= 4
                && head.split_whitespace().count() >= 3
                && (tail.contains('.') || words <= 3);
            if looks_like_site {
                return (head.trim().to_string(), Some(tail.to_string()));
            }
        }
    }
    (title.to_string(), None)
}

/// Reads a plain-text article. A text of one line is all body and has no title: a
/// statement pasted on its own is analysed, not taken for a headline.
pub fn parse(text: &str) -> Article {
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    let Some(first) = lines.next() else {
        return Article::default();
    };
    if lines.clone().next().is_none() {
        return Article::from_paragraphs([first]);
    }
    let (title, site) = split_site_suffix(first);
    let mut paragraphs: Vec<&str> = Vec::new();
    for (i, line) in lines.enumerate() {
        let lower = line.to_lowercase();
        if COMMENT_FORM.iter().any(|c| lower.starts_with(c)) {
            break;
        }
        if i == 0 && (line == title || line == first) {
            continue;
        }
        paragraphs.push(line);
    }
    let mut article = Article::from_paragraphs(paragraphs);
    article.title = Some(title);
    article.site = site;
    article
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_site_suffix_repeated_headline_and_comment_form() {
        let a = parse("Big news today here -example.com\n\nBig news today here\n\nFirst.\n\nSecond.\n\nLeave a Reply\n\nYour email");
        assert_eq!(a.title.as_deref(), Some("Big news today here"));
        assert_eq!(a.site.as_deref(), Some("example.com"));
        assert_eq!(a.paragraphs.len(), 2);
        assert_eq!(a.text, "First.\n\nSecond.");
    }

    #[test]
    fn one_line_is_the_body() {
        let a = parse("  “We will win,” Ann Lee said.\n");
        assert_eq!(a.title, None);
        assert_eq!(a.text, "“We will win,” Ann Lee said.");
        assert_eq!(a.paragraphs.len(), 1);
    }

    #[test]
    fn keeps_a_plain_title() {
        assert_eq!(
            split_site_suffix("Putin - the man"),
            ("Putin - the man".to_string(), None)
        );
    }
}
