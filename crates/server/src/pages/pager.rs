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
    let Total { n: total, more } = total.into();
    let link = |o: usize| {
        let mut pairs: Vec<(&str, String)> = keep
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .cloned()
            .collect();
        pairs.push(("offset", o.to_string()));
        format!(
            "{path}?{}",
            serde_urlencoded::to_string(&pairs).unwrap_or_default()
        )
    };
    let prev = (offset > 0).then(|| offset.saturating_sub(size));
    let next = (offset + size < total || more).then_some(offset + size);
    html! {
        @if prev.is_some() || next.is_some() {
            nav class="pager" aria-label="Pages" {
                @if let Some(o) = prev { a rel="prev" href=(link(o)) { "← previous" } " " }
                span class="muted" { (offset + 1) "–" ((offset + size).min(total)) " of " @if more { "more than " } (total) }
                @if let Some(o) = next { " " a rel="next" href=(link(o)) { "next →" } }
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
}
