//! Pagination links and counted nouns, the same on every list page.

use maud::{html, Markup};

/// "1 article", "2 articles".
pub(crate) fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Previous / next links for a list of `total` rows shown `size` at a time, starting at
/// `offset`; `keep` are the query parameters every link repeats (the filters).
pub(crate) fn pager(
    path: &str,
    keep: &[(&str, String)],
    offset: usize,
    size: usize,
    total: usize,
) -> Markup {
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
    let next = (offset + size < total).then_some(offset + size);
    html! {
        @if prev.is_some() || next.is_some() {
            nav class="pager" aria-label="Pages" {
                @if let Some(o) = prev { a rel="prev" href=(link(o)) { "← previous" } " " }
                span class="muted" { (offset + 1) "–" ((offset + size).min(total)) " of " (total) }
                @if let Some(o) = next { " " a rel="next" href=(link(o)) { "next →" } }
            }
        }
    }
}
