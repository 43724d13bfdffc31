//! The article text with its quotes highlighted, built from byte spans and escaped piece by
//! piece.

use maud::{html, Markup};
use whosaid_store::ArticleQuote;

/// Number of speaker colours in the stylesheet (`.sp0` … `.sp23`).
pub(crate) const COLOURS: i64 = 24;

/// The colour class of a speaker: fixed by the speaker's entity id, so a person keeps one
/// colour on every page (unattributed quotes are grey).
pub(crate) fn colour(speaker: Option<i64>) -> String {
    match speaker {
        Some(id) => format!("sp{}", id.rem_euclid(COLOURS)),
        None => "spx".to_string(),
    }
}

/// Paragraphs with every quote's content marked; nested quotes keep the outer mark.
pub(crate) fn highlighted(
    text: &str,
    paragraphs: &[[usize; 2]],
    quotes: &[ArticleQuote],
) -> Markup {
    // non-overlapping marked segments, outer quotes first
    let mut segments: Vec<(usize, usize, usize)> = Vec::new(); // start, end, quote index
    let mut order: Vec<usize> = (0..quotes.len()).collect();
    order.sort_by_key(|&i| {
        let len: usize = quotes[i]
            .content
            .iter()
            .map(|c| c[1].saturating_sub(c[0]))
            .sum();
        std::cmp::Reverse(len)
    });
    for i in order {
        for c in &quotes[i].content {
            let (s, e) = (c[0], c[1]);
            if e <= s || e > text.len() || !text.is_char_boundary(s) || !text.is_char_boundary(e) {
                continue;
            }
            if segments.iter().any(|&(a, b, _)| s < b && a < e) {
                continue;
            }
            segments.push((s, e, i));
        }
    }
    segments.sort_unstable();
    // each paragraph as pieces: plain text, or text of quote `qi`
    let pieces: Vec<Vec<(&str, Option<usize>)>> = paragraphs
        .iter()
        .map(|p| {
            let (ps, pe) = (p[0].min(text.len()), p[1].min(text.len()));
            let mut out = Vec::new();
            let mut pos = ps;
            for &(s, e, qi) in segments.iter().filter(|(s, e, _)| *s < pe && *e > ps) {
                let (s, e) = (s.max(ps), e.min(pe));
                if s > pos {
                    out.push((text.get(pos..s).unwrap_or(""), None));
                }
                out.push((text.get(s..e).unwrap_or(""), Some(qi)));
                pos = e;
            }
            if pos < pe {
                out.push((text.get(pos..pe).unwrap_or(""), None));
            }
            out
        })
        .collect();
    html! {
        @for para in &pieces {
            p {
                @for (chunk, qi) in para {
                    @match qi {
                        Some(qi) => {
                            @let q = &quotes[*qi];
                            @let who = q.speaker.as_deref().unwrap_or("unattributed");
                            mark class=(format!("q {} {}", colour(q.speaker_id), q.kind)) id=(format!("q{}", q.id))
                                title=(format!("{who}{}", q.cue.as_deref().map(|c| format!(" — “{c}”")).unwrap_or_default()))
                                data-speaker=(who) tabindex="0" {
                                (chunk)
                            }
                        }
                        None => { (chunk) }
                    }
                }
            }
        }
    }
}

/// A small timeline: quotes per month (oldest first), as an inline SVG made on the
/// server. Each bar links to `link(month)`; month labels are thinned so they never
/// overlap (at most eight, the first and last always).
pub(crate) fn timeline(months: &[(String, usize)], link: impl Fn(&str) -> String) -> Markup {
    if months.is_empty() {
        return html! { p class="muted" { "No dated quotes." } };
    }
    let max = months.iter().map(|m| m.1).max().unwrap_or(1).max(1);
    let w = 24usize;
    let width = (months.len() * w + 40).max(160);
    let every = months.len().div_ceil(8).max(1);
    let last = months.len() - 1;
    html! {
        svg class="timeline" role="img" aria-label=(format!("Quotes per month, {} to {}", months[0].0, months[last].0))
            viewBox=(format!("0 0 {width} 130")) width=(width) height="130" {
            @for (i, (m, n)) in months.iter().enumerate() {
                @let h = (*n as f64 / max as f64 * 90.0).max(2.0);
                a href=(link(m)) {
                    rect x=(10 + i * w) y=(format!("{:.1}", 100.0 - h)) width=(w - 6) height=(format!("{h:.1}")) class="bar" {
                        title { (format!("{m}: {n} quote{}", if *n == 1 { "" } else { "s" })) }
                    }
                }
                @if (i % every == 0 && last - i >= every) || i == last {
                    text x=(10 + i * w) y="120" class="axis" { (m) }
                }
            }
        }
    }
}
