//! The evaluation date of a check (`--now`, else today in UTC), as a type:
//! a real calendar day written `YYYY-MM-DD`, checked once where it enters
//! (the command line, the demo) and carried as is to the rules' input, the
//! waivers and the reports.

use serde::Serialize;
use std::fmt;

/// A calendar day, `YYYY-MM-DD`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Date(String);

impl Date {
    /// Reads `YYYY-MM-DD` (a day that exists: not `2026-02-30`).
    pub fn parse(s: &str) -> Result<Date, String> {
        crate::workspace::fields::date(s).map(Date)
    }

    /// `YYYY-MM-DD`, the form the rules' input and the reports give.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<chrono::NaiveDate> for Date {
    fn from(day: chrono::NaiveDate) -> Date {
        Date(day.format("%Y-%m-%d").to_string())
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::Date;

    #[test]
    fn only_days_that_exist_written_yyyy_mm_dd() {
        assert_eq!(
            Date::parse("2026-06-30").map(|d| d.to_string()),
            Ok("2026-06-30".into())
        );
        for bad in ["2026-02-30", "2026-6-30", "30/06/2026", "2026-06-30T00:00", ""] {
            assert!(Date::parse(bad).is_err(), "{bad}");
        }
        let day = chrono::NaiveDate::from_ymd_opt(2027, 1, 5).unwrap();
        assert_eq!(Date::from(day).as_str(), "2027-01-05");
    }
}
