//! Time expressions resolved against the publication date: "on Tuesday", "last week",
//! "December 23" (a December date in a February article is the previous year), "since 2014".

use crate::text::{Doc, TokenKind};
use crate::types::{Day, Span};

/// A time expression found in a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeExpr {
    /// Where it stands.
    pub span: Span,
    /// The resolved value: "2022-02-01", "2021-12", "2014", or "2022-01-24/2022-01-30";
    /// `None` when there is no publication date to resolve against.
    pub value: Option<String>,
}

const WEEKDAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

fn month_of(w: &str) -> Option<i64> {
    crate::types::month_number(w).map(i64::from)
}

fn week_of(day: Day, offset_weeks: i64) -> String {
    let monday = day.plus(-day.weekday() + 7 * offset_weeks);
    format!("{}/{}", monday.iso(), monday.plus(6).iso())
}

/// Finds the time expressions in `tokens`, resolving them against `published`; `future`
/// says whether the sentence speaks of what is to come ("is due to", "will").
pub fn find(
    doc: &Doc,
    tokens: std::ops::Range<usize>,
    published: Option<Day>,
    future: bool,
) -> Vec<TimeExpr> {
    let scan = DateScan {
        doc,
        tokens: tokens.clone(),
        published,
        future,
    };
    let mut out = Vec::new();
    let mut i = tokens.start;
    while i < tokens.end {
        let prev = if i > tokens.start {
            scan.lw(i - 1)
        } else {
            String::new()
        };
        match RULES.iter().find_map(|rule| rule(&scan, i, &prev)) {
            Some((expr, next)) => {
                out.push(expr);
                i = next;
            }
            None => i += 1,
        }
    }
    out
}

/// A sentence being read for time expressions.
struct DateScan<'a> {
    doc: &'a Doc<'a>,
    tokens: std::ops::Range<usize>,
    published: Option<Day>,
    future: bool,
}

impl DateScan<'_> {
    fn lw(&self, k: usize) -> String {
        self.doc.word(k).to_lowercase()
    }

    fn expr(&self, tokens: std::ops::Range<usize>, value: Option<String>) -> TimeExpr {
        TimeExpr {
            span: self.doc.span_of(tokens),
            value,
        }
    }
}

/// A rule reads the expression at token `i` (after the word `prev`, lower case) and says
/// where reading goes on.
type DateRule = fn(&DateScan, usize, &str) -> Option<(TimeExpr, usize)>;

/// The rules, in the order they are tried.
const RULES: &[DateRule] = &[weekday, relative_day, month_date, year_after_preposition];

/// "on Tuesday", "last Friday", "next Monday": the nearest such day before the publication
/// date, or after it when the sentence speaks of the future.
fn weekday(scan: &DateScan, i: usize, prev: &str) -> Option<(TimeExpr, usize)> {
    let wd = WEEKDAYS.iter().position(|d| *d == scan.lw(i))?;
    let start = if matches!(prev, "last" | "next" | "this" | "on") && i > scan.tokens.start {
        i - 1
    } else {
        i
    };
    let value = scan.published.map(|p| {
        let diff = wd as i64 - p.weekday();
        let day = match prev {
            "next" => p.plus(diff.rem_euclid(7).max(1)),
            "last" => p.plus(-((-diff).rem_euclid(7)).max(1) - if diff == 0 { 6 } else { 0 }),
            _ if scan.future => p.plus(diff.rem_euclid(7)),
            _ => p.plus(-(-diff).rem_euclid(7)),
        };
        day.iso()
    });
    Some((scan.expr(start..i + 1, value), i + 1))
}

/// "last week", "this year", "(the) end of last year", "yesterday", "tomorrow".
fn relative_day(scan: &DateScan, i: usize, prev: &str) -> Option<(TimeExpr, usize)> {
    let published = scan.published;
    let w = scan.lw(i);
    let (start, value) = match (prev, w.as_str()) {
        ("last", "week") => Some((i - 1, published.map(|p| week_of(p, -1)))),
        ("this", "week") => Some((i - 1, published.map(|p| week_of(p, 0)))),
        ("next", "week") => Some((i - 1, published.map(|p| week_of(p, 1)))),
        ("last", "month") => Some((
            i - 1,
            published.map(|p| {
                let (y, m) = if p.m == 1 {
                    (p.y - 1, 12)
                } else {
                    (p.y, p.m - 1)
                };
                format!("{y:04}-{m:02}")
            }),
        )),
        ("last", "year") => {
            let end_of =
                i >= scan.tokens.start + 4 && scan.lw(i - 2) == "of" && scan.lw(i - 3) == "end";
            let start = if end_of {
                i - 3 - usize::from(scan.lw(i - 4) == "the")
            } else {
                i - 1
            };
            Some((
                start,
                published.map(|p| {
                    if end_of {
                        format!("{:04}-12", p.y - 1)
                    } else {
                        format!("{:04}", p.y - 1)
                    }
                }),
            ))
        }
        ("this", "year") => Some((i - 1, published.map(|p| format!("{:04}", p.y)))),
        (_, "yesterday") => Some((i, published.map(|p| p.plus(-1).iso()))),
        (_, "today") => Some((i, published.map(|p| p.iso()))),
        (_, "tomorrow") => Some((i, published.map(|p| p.plus(1).iso()))),
        _ => None,
    }?;
    Some((scan.expr(start..i + 1, value), i + 1))
}

/// "December 23", "December. 23", "23 December", "December 2021", "in December"; a
/// December date in a February article is the previous year. A bare "may" is no month.
fn month_date(scan: &DateScan, i: usize, prev: &str) -> Option<(TimeExpr, usize)> {
    let (doc, tokens, published) = (scan.doc, &scan.tokens, scan.published);
    if !doc.is_capitalized(i) {
        return None;
    }
    let m = month_of(doc.word(i))?;
    let mut end = i + 1;
    let mut day = None;
    let mut year = None;
    if end < tokens.end && doc.word(end) == "." {
        end += 1;
    }
    if end < tokens.end && doc.tokens[end].kind == TokenKind::Number {
        let n: i64 = doc.word(end).parse().unwrap_or(0);
        if (1..=31).contains(&n) {
            day = Some(n);
            end += 1;
            if end + 1 < tokens.end
                && doc.word(end) == ","
                && doc.tokens[end + 1].kind == TokenKind::Number
            {
                year = doc
                    .word(end + 1)
                    .parse::<i64>()
                    .ok()
                    .filter(|y| (1800..2200).contains(y));
                if year.is_some() {
                    end += 2;
                }
            }
        } else if (1800..2200).contains(&n) {
            year = Some(n);
            end += 1;
        }
    } else if i > tokens.start && doc.tokens[i - 1].kind == TokenKind::Number {
        day = doc
            .word(i - 1)
            .parse::<i64>()
            .ok()
            .filter(|d| (1..=31).contains(d));
    }
    let bare_may = m == 5
        && day.is_none()
        && year.is_none()
        && !matches!(prev, "in" | "since" | "until" | "by" | "early" | "late");
    if !bare_may
        && (day.is_some()
            || year.is_some()
            || matches!(
                prev,
                "in" | "since" | "until" | "by" | "early" | "late" | "mid"
            ))
    {
        let start =
            if day.is_some() && i > tokens.start && doc.tokens[i - 1].kind == TokenKind::Number {
                i - 1
            } else {
                i
            };
        let y = year.or_else(|| published.map(|p| if m > p.m { p.y - 1 } else { p.y }));
        let value = y.map(|y| match day {
            Some(d) => format!("{y:04}-{m:02}-{d:02}"),
            None => format!("{y:04}-{m:02}"),
        });
        return Some((scan.expr(start..end, value), end));
    }
    None
}

/// A year after a preposition: "in 2014", "since 2014".
fn year_after_preposition(scan: &DateScan, i: usize, prev: &str) -> Option<(TimeExpr, usize)> {
    let doc = scan.doc;
    if doc.tokens[i].kind != TokenKind::Number
        || doc.word(i).len() != 4
        || !matches!(prev, "in" | "since" | "until" | "by" | "from" | "of")
    {
        return None;
    }
    let y = doc
        .word(i)
        .parse::<i64>()
        .ok()
        .filter(|y| (1800..2200).contains(y))?;
    Some((scan.expr(i..i + 1, Some(format!("{y:04}"))), i + 1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::Article;

    fn resolve(text: &str, published: &str, future: bool) -> Vec<(String, Option<String>)> {
        let article = Article::from_paragraphs([text]);
        let doc = Doc::new(&article);
        find(&doc, 0..doc.tokens.len(), Day::parse(published), future)
            .into_iter()
            .map(|t| (t.span.slice(&article.text).to_string(), t.value))
            .collect()
    }

    #[test]
    fn weekdays_past_and_future() {
        // 2022-02-01 is a Tuesday
        assert_eq!(Day::parse("2022-02-01").map(|d| d.weekday()), Some(1));
        assert_eq!(
            resolve("They met on Tuesday.", "2022-02-01", false),
            vec![("on Tuesday".into(), Some("2022-02-01".into()))]
        );
        assert_eq!(
            resolve("He is due to speak on Wednesday.", "2022-02-01", true),
            vec![("on Wednesday".into(), Some("2022-02-02".into()))]
        );
        assert_eq!(
            resolve("It happened on Friday.", "2022-02-01", false),
            vec![("on Friday".into(), Some("2022-01-28".into()))]
        );
    }

    #[test]
    fn weeks_months_years() {
        assert_eq!(
            resolve("Last week, it ended.", "2022-02-01", false)[0]
                .1
                .as_deref(),
            Some("2022-01-24/2022-01-30")
        );
        assert_eq!(
            resolve("since December. 23, he said", "2022-02-01", false)[0]
                .1
                .as_deref(),
            Some("2021-12-23")
        );
        assert_eq!(
            resolve("demands in December", "2022-02-01", false)[0]
                .1
                .as_deref(),
            Some("2021-12")
        );
        assert_eq!(
            resolve("at the end of last year", "2022-02-01", false)[0]
                .1
                .as_deref(),
            Some("2021-12")
        );
        assert_eq!(
            resolve("captured in 2014", "2022-02-01", false)[0]
                .1
                .as_deref(),
            Some("2014")
        );
        assert_eq!(resolve("on Tuesday", "", false)[0].1, None);
    }
}
