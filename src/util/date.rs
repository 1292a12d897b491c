//! Dates as CVs write them: a year, a month, or a day, and "present" for an open end.
//!
//! Dates are parsed from strings (`"2024-10"`), integers (`2024`) and TOML's bare dates
//! (`2024-10-15`), formatted per language ("2024.10" / "Oct 2024"), and ordered so that a
//! less precise date sorts before a more precise one in the same period.

use std::fmt;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// A date with year, optional month, optional day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Four-digit year.
    pub year: u16,
    /// 1–12, when known.
    pub month: Option<u8>,
    /// 1–31, when known (only with a month).
    pub day: Option<u8>,
}

impl Date {
    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (a time part after `T` or a space is ignored).
    pub fn parse(text: &str) -> Option<Date> {
        let text = text.trim();
        let date_part = text.split(['T', ' ']).next().unwrap_or(text);
        let mut parts = date_part.split('-');
        let year_text = parts.next()?;
        if year_text.len() != 4 {
            return None;
        }
        let year: u16 = year_text.parse().ok()?;
        let month = match parts.next() {
            Some(m) if m.len() == 2 => Some(m.parse::<u8>().ok().filter(|m| (1..=12).contains(m))?),
            Some(_) => return None,
            None => None,
        };
        let day = match parts.next() {
            Some(d) if d.len() == 2 => {
                let d: u8 = d.parse().ok()?;
                let max = days_in_month(year, month?);
                if d == 0 || d > max {
                    return None;
                }
                Some(d)
            }
            Some(_) => return None,
            None => None,
        };
        if parts.next().is_some() {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// ISO 8601 at the date's own precision: `2024`, `2024-10`, `2024-10-15`.
    pub fn iso(&self) -> String {
        use std::fmt::Write as _;
        // One allocation of the right size (`format!` would grow its string twice).
        let mut iso = String::with_capacity(10);
        let _ = match (self.month, self.day) {
            (Some(m), Some(d)) => write!(iso, "{:04}-{:02}-{:02}", self.year, m, d),
            (Some(m), None) => write!(iso, "{:04}-{:02}", self.year, m),
            _ => write!(iso, "{:04}", self.year),
        };
        iso
    }

    /// A full RFC 3339 timestamp (missing parts are the first month/day), for feeds and sitemaps.
    pub fn rfc3339(&self) -> String {
        format!(
            "{:04}-{:02}-{:02}T00:00:00Z",
            self.year,
            self.month.unwrap_or(1),
            self.day.unwrap_or(1)
        )
    }

    /// The date as people read it in `lang`: "2024.10" in Chinese, "Oct 2024" in English.
    pub fn display(&self, lang: &str) -> String {
        let mut text = String::with_capacity(12);
        let _ = self.write_display(&mut text, lang);
        text
    }

    fn write_display(&self, out: &mut String, lang: &str) -> std::fmt::Result {
        use std::fmt::Write as _;
        if lang.starts_with("en") {
            const MONTHS: [&str; 12] = [
                "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
            ];
            match (self.month, self.day) {
                (Some(m), Some(d)) => write!(out, "{} {} {}", d, MONTHS[m as usize - 1], self.year),
                (Some(m), None) => write!(out, "{} {}", MONTHS[m as usize - 1], self.year),
                _ => write!(out, "{}", self.year),
            }
        } else {
            match (self.month, self.day) {
                (Some(m), Some(d)) => write!(out, "{}.{:02}.{:02}", self.year, m, d),
                (Some(m), None) => write!(out, "{}.{:02}", self.year, m),
                _ => write!(out, "{}", self.year),
            }
        }
    }
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.iso())
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.iso())
    }
}

const EXPECTED: &str = "a date written 2024, 2024-10 or 2024-10-15";

struct DateVisitor {
    allow_present: bool,
}

/// Either a date or "present" (for `end`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EndDate {
    /// A date.
    Date(Date),
    /// Still going on.
    Present,
}

impl EndDate {
    /// The date, if it is not "present".
    pub fn date(&self) -> Option<Date> {
        match self {
            EndDate::Date(date) => Some(*date),
            EndDate::Present => None,
        }
    }
}

impl Serialize for EndDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            EndDate::Date(date) => date.serialize(serializer),
            EndDate::Present => serializer.serialize_str("present"),
        }
    }
}

impl<'de> Visitor<'de> for DateVisitor {
    type Value = EndDate;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        if self.allow_present {
            write!(f, "{EXPECTED}, or \"present\"")
        } else {
            f.write_str(EXPECTED)
        }
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<EndDate, E> {
        if self.allow_present && value.trim().eq_ignore_ascii_case("present") {
            return Ok(EndDate::Present);
        }
        Date::parse(value).map(EndDate::Date).ok_or_else(|| {
            let also = if self.allow_present { ", or \"present\"" } else { "" };
            E::custom(format!("invalid date `{value}`: expected {EXPECTED}{also}"))
        })
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<EndDate, E> {
        self.visit_str(&value.to_string())
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<EndDate, E> {
        self.visit_str(&value.to_string())
    }

    // TOML bare dates reach serde as a one-entry map holding the date's text.
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<EndDate, A::Error> {
        let Some(_key) = map.next_key::<String>()? else {
            return Err(de::Error::custom(format!("expected {EXPECTED}")));
        };
        let value: String = map.next_value()?;
        self.visit_str(&value)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Date, D::Error> {
        match deserializer.deserialize_any(DateVisitor { allow_present: false })? {
            EndDate::Date(date) => Ok(date),
            EndDate::Present => Err(de::Error::custom("\"present\" is only allowed for `end`")),
        }
    }
}

impl<'de> Deserialize<'de> for EndDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<EndDate, D::Error> {
        deserializer.deserialize_any(DateVisitor { allow_present: true })
    }
}

/// "2024.10 – 至今" / "Oct 2024 – present" / "2024" for a period.
pub(crate) fn period(
    start: Option<Date>,
    end: Option<EndDate>,
    lang: &str,
    present: &str,
) -> String {
    let end_text = match end {
        Some(EndDate::Date(date)) => Some(date.display(lang)),
        Some(EndDate::Present) => Some(present.to_string()),
        None => None,
    };
    match (start, end_text) {
        (Some(start), Some(end)) if end == start.display(lang) => end,
        (Some(start), Some(end)) => format!("{} – {}", start.display(lang), end),
        (Some(start), None) => start.display(lang),
        (None, Some(end)) => end,
        (None, None) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_cv_precisions() {
        assert_eq!(Date::parse("2024"), Some(Date { year: 2024, month: None, day: None }));
        assert_eq!(Date::parse("2024-10").map(|d| d.iso()), Some("2024-10".into()));
        assert_eq!(Date::parse("2024-02-29").map(|d| d.iso()), Some("2024-02-29".into()));
        assert_eq!(Date::parse("2023-02-29"), None);
        assert_eq!(Date::parse("2024-13"), None);
        assert_eq!(Date::parse("twenty"), None);
        assert_eq!(Date::parse("2024-1"), None);
    }

    #[test]
    fn less_precise_sorts_first() {
        let year = Date::parse("2024").unwrap();
        let month = Date::parse("2024-01").unwrap();
        assert!(year < month);
    }

    #[test]
    fn displays_per_language() {
        let d = Date::parse("2024-10").unwrap();
        assert_eq!(d.display("zh"), "2024.10");
        assert_eq!(d.display("en"), "Oct 2024");
        assert_eq!(period(Some(d), Some(EndDate::Present), "zh", "至今"), "2024.10 – 至今");
        assert_eq!(period(Some(d), Some(EndDate::Present), "en", "present"), "Oct 2024 – present");
    }

    #[test]
    fn deserializes_toml_bare_dates_and_present() {
        #[derive(Deserialize)]
        struct T {
            a: Date,
            b: EndDate,
            c: Date,
        }
        let t: T = toml::from_str("a = 2024-10-15\nb = \"present\"\nc = 2024").unwrap();
        assert_eq!(t.a.iso(), "2024-10-15");
        assert_eq!(t.b, EndDate::Present);
        assert_eq!(t.c.iso(), "2024");
    }
}
