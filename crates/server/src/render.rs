//! The article text with its quotes highlighted, built from byte spans and escaped piece by
//! piece.

use maud::{html, Markup};
use whosaid_store::ArticleQuote;

/// Number of speaker colours in the stylesheet (`.sp0` … `.sp11`).
pub(crate) const COLOURS: usize = 12;

/// The colour class of a speaker: one per speaker within the page.
pub(crate) fn colour_of(speakers: &[Option<i64>], speaker: Option<i64>) -> String {
    match speakers.iter().position(|s| *s == speaker) {
        Some(i) if speaker.is_some() => format!("sp{}", i % COLOURS),
        _ => "spx".to_string(),
    }
}

/// Paragraphs with every quote's content marked; nested quotes keep the outer mark.
pub(crate) fn highlighted(
    text: &str,
    paragraphs: &[[usize; 2]],
    quotes: &[ArticleQuote],
    speakers: &[Option<i64>],
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
                            mark class=(format!("q {} {}", colour_of(speakers, q.speaker_id), q.kind)) id=(format!("q{}", q.id))
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

/// A small timeline: quotes per month, as an inline SVG made on the server.
pub(crate) fn timeline(days: &[String]) -> Markup {
    let mut months: Vec<(String, usize)> = Vec::new();
    let mut sorted: Vec<&str> = days.iter().filter_map(|d| d.get(..7)).collect();
    sorted.sort_unstable();
    for m in sorted {
        match months.last_mut() {
            Some((last, n)) if last == m => *n += 1,
            _ => months.push((m.to_string(), 1)),
        }
    }
    if months.is_empty() {
        return html! { p class="muted" { "No dated quotes." } };
    }
    let max = months.iter().map(|m| m.1).max().unwrap_or(1);
    let w = 24usize;
    let width = (months.len() * w + 20).max(160);
    html! {
        svg class="timeline" role="img" aria-label=(format!("Quotes per month, {} to {}", months[0].0, months[months.len() - 1].0))
            viewBox=(format!("0 0 {width} 130")) width=(width) height="130" {
            @for (i, (m, n)) in months.iter().enumerate() {
                @let h = (*n as f64 / max as f64 * 90.0).max(2.0);
                rect x=(10 + i * w) y=(format!("{:.1}", 100.0 - h)) width=(w - 6) height=(format!("{h:.1}")) class="bar" {
                    title { (format!("{m}: {n} quotes")) }
                }
                @if i == 0 || i + 1 == months.len() || months.len() <= 8 {
                    text x=(10 + i * w) y="120" class="axis" { (m) }
                }
            }
        }
    }
}
