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
