//! Pagination links and counted nouns, the same on every list page.

use maud::{html, Markup};

/// "1 article", "2 articles".
pub(crate) fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A list's total: exact, or counted only as far as the store counts
/// ([`whosaid_store::COUNT_CAP`] past the page shown) and more.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Total {
    /// Rows counted.
    pub n: usize,
    /// True when there are more than `n`.
    pub more: bool,
}

impl Total {
    /// A count the store stopped at `offset + COUNT_CAP` (it returns one more when more).
    pub(crate) fn capped(counted: usize, offset: usize) -> Total {
        let cap = offset.saturating_add(whosaid_store::COUNT_CAP);
        Total {
            n: counted.min(cap),
            more: counted > cap,
        }
    }

    /// The total of a page whose first row is number `start`, from the store's count: by
    /// offset, counted from the list's start; after a key (`keyed`), counted from the key,
    /// with the rows before it added.
    pub(crate) fn paged(counted: usize, start: usize, keyed: bool) -> Total {
        match keyed {
            false => Total::capped(counted, start),
            true => {
                let after = Total::capped(counted, 0);
                Total {
                    n: start.saturating_add(after.n),
                    more: after.more,
                }
            }
        }
    }

    /// "1 quote", "2 quotes", "more than 1000 quotes".
    pub(crate) fn counted(self, one: &str, many: &str) -> String {
        match self.more {
            true => format!("more than {}", counted(self.n, one, many)),
            false => counted(self.n, one, many),
        }
    }
}

impl From<usize> for Total {
    fn from(n: usize) -> Total {
        Total { n, more: false }
    }
}

/// Previous / next links for a list of `total` rows shown `size` at a time, starting at
/// `offset`; `keep` are the query parameters every link repeats (the filters).
pub(crate) fn pager(
    path: &str,
    keep: &[(&str, String)],
    offset: usize,
    size: usize,
    total: impl Into<Total>,
) -> Markup {
    keyed_pager(path, keep, offset, size, total, None)
}

/// [`pager`] for a list the store pages by key: the next page continues after the row
/// `last` (`after=<id>`; `offset` then only numbers the rows shown), so that a page
/// reached by "next" costs what the first does; "previous" goes back by offset.
pub(crate) fn keyed_pager(
    path: &str,
    keep: &[(&str, String)],
    offset: usize,
    size: usize,
    total: impl Into<Total>,
    last: Option<i64>,
) -> Markup {
    let Total { n: total, more } = total.into();
    let link = |o: usize, after: Option<i64>| {
        let mut pairs: Vec<(&str, String)> = keep
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .cloned()
            .collect();
        if let Some(id) = after {
            pairs.push(("after", id.to_string()));
        }
        pairs.push(("offset", o.to_string()));
        format!(
            "{path}?{}",
            serde_urlencoded::to_string(&pairs).unwrap_or_default()
        )
    };
    let prev = (offset > 0).then(|| link(offset.saturating_sub(size), None));
    let next = (offset + size < total || more).then(|| link(offset + size, last));
    html! {
        @if prev.is_some() || next.is_some() {
            nav class="pager" aria-label="Pages" {
                @if let Some(href) = prev { a rel="prev" href=(href) { "← previous" } " " }
                span class="muted" { (offset + 1) "–" ((offset + size).min(total)) " of " @if more { "more than " } (total) }
                @if let Some(href) = next { " " a rel="next" href=(href) { "next →" } }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use whosaid_store::COUNT_CAP;

    #[test]
    fn a_capped_total_says_more_than_and_keeps_a_next_page() {
        let exact = Total::capped(7, 0);
        assert_eq!(exact, Total { n: 7, more: false });
        assert_eq!(exact.counted("quote", "quotes"), "7 quotes");
        // the store counts one past the cap when there are more
        let capped = Total::capped(COUNT_CAP + 1, 0);
        assert_eq!(
            capped.counted("quote", "quotes"),
            format!("more than {COUNT_CAP} quotes")
        );
        let deep = Total::capped(2_000 + COUNT_CAP + 1, 2_000);
        assert_eq!(deep.n, 2_000 + COUNT_CAP);
        let page = pager("/quotes", &[], 2_000, 50, deep).into_string();
        let shown = format!("of more than {}", 2_000 + COUNT_CAP);
        assert!(page.contains(&shown), "{page}");
        assert!(page.contains("offset=2050"), "{page}");
        let last = pager("/quotes", &[], 0, 50, 30).into_string();
        assert!(!last.contains("next"), "{last}");
    }

    #[test]
    fn a_keyed_pager_goes_on_after_the_last_row_and_back_by_offset() {
        let keep = [("q", "tax".to_string()), ("site", String::new())];
        let page = keyed_pager("/quotes", &keep, 100, 50, 400, Some(7)).into_string();
        assert!(
            page.contains("href=\"/quotes?q=tax&amp;after=7&amp;offset=150\""),
            "{page}"
        );
        assert!(
            page.contains("href=\"/quotes?q=tax&amp;offset=50\""),
            "{page}"
        );
        assert!(page.contains("101–150 of 400"), "{page}");
    }
}
