//! A calendar day: the publication date and the days events are resolved to.

/// A calendar day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Day {
    /// Year.
    pub y: i64,
    /// Month, 1–12.
    pub m: i64,
    /// Day of month, 1–31.
    pub d: i64,
}

/// Days since 1970-01-01 (H. Hinnant's civil-from-days algorithms).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> Day {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    Day {
        y: if m <= 2 { y + 1 } else { y },
        m,
        d,
    }
}

impl Day {
    /// Reads "2022-02-01…" (the first ten characters).
    pub fn parse(s: &str) -> Option<Day> {
        let s = s.trim();
        let y: i64 = s.get(0..4)?.parse().ok()?;
        let m: i64 = s.get(5..7)?.parse().ok()?;
        let d: i64 = s.get(8..10)?.parse().ok()?;
        ((1..=12).contains(&m) && (1..=31).contains(&d) && s.get(4..5) == Some("-"))
            .then_some(Day { y, m, d })
    }
    pub(crate) fn ordinal(self) -> i64 {
        days_from_civil(self.y, self.m, self.d)
    }
    pub(crate) fn plus(self, days: i64) -> Day {
        civil_from_days(self.ordinal() + days)
    }
    /// Days from `self` to `other` (negative when `other` is earlier).
    pub fn days_to(self, other: Day) -> i64 {
        other.ordinal() - self.ordinal()
    }
    /// Monday = 0 … Sunday = 6.
    pub fn weekday(self) -> i64 {
        (self.ordinal() + 3).rem_euclid(7)
    }
    /// ISO form.
    pub fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.y, self.m, self.d)
    }
}

/// Month names, January first.
const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// The month a word names (1–12): its full name or a prefix of three letters or more,
/// any case, a trailing dot allowed ("Sept.", "oct", "March").
///
/// ```
/// use whosaid_analysis::types::month_number;
/// assert_eq!(month_number("Sept."), Some(9));
/// assert_eq!(month_number("may"), Some(5));
/// assert_eq!(month_number("Ma"), None);
/// ```
pub fn month_number(word: &str) -> Option<u32> {
    let l = word.to_lowercase();
    let l = l.trim_end_matches('.');
    MONTHS
        .iter()
        .position(|m| *m == l || (l.len() >= 3 && m.starts_with(l) && l != "may" && l != "mar"))
        .map(|i| i as u32 + 1)
        .or(match l {
            "may" => Some(5),
            "mar" => Some(3),
            _ => None,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_iso_days_and_counts_across_years() {
        let d = Day::parse("2022-02-01T10:00:00+01:00").expect("a day");
        assert_eq!(d.iso(), "2022-02-01");
        assert_eq!(d.weekday(), 1, "a Tuesday");
        assert_eq!(d.plus(-32).iso(), "2021-12-31");
        assert_eq!(
            Day::parse("2020-02-28").map(|d| d.plus(1).iso()),
            Some("2020-02-29".into())
        );
        assert_eq!(Day::parse("1 février 2022"), None);
        assert_eq!(Day::parse("2022-13-01"), None);
    }
}
