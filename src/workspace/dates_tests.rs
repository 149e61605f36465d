//! Unit tests of `dates`: dates as written.

use super::*;

#[test]
fn dates_as_written() {
    let day = Some(DateOrder::DayFirst);
    assert_eq!(read("2026-03-14", None), Ok(Some("2026-03-14".into())));
    assert_eq!(read("14/03/2026", day), Ok(Some("2026-03-14".into())));
    assert_eq!(read("14.03.26", day), Ok(Some("2026-03-14".into())));
    assert_eq!(
        read("03/14/2026", Some(DateOrder::MonthFirst)),
        Ok(Some("2026-03-14".into()))
    );
    assert_eq!(read("14 March 2026", None), Ok(Some("2026-03-14".into())));
    assert_eq!(read("14. Oktober 2025", None), Ok(Some("2025-10-14".into())));
    assert_eq!(read("3 mars 2026", None), Ok(Some("2026-03-03".into())));
    assert_eq!(read("1er mars 2026", None), Ok(Some("2026-03-01".into())));
    assert_eq!(read("17 Feb 2026", None), Ok(Some("2026-02-17".into())));
    assert_eq!(read("March 14, 2026", None), Ok(Some("2026-03-14".into())));
    assert_eq!(read("March 2027", None), Ok(Some("2027-03-31".into())));
    assert_eq!(read("February 2028", None), Ok(Some("2028-02-29".into())));
    assert_eq!(read("Ongoing", None), Ok(None));
    assert_eq!(
        read("2025-02-29", None),
        Err("`2025-02-29` is not a date: February 2025 has 28 days".into())
    );
    assert_eq!(
        read("31/09/2026", day),
        Err("`31/09/2026` is not a date: September 2026 has 30 days".into())
    );
    assert_eq!(
        read("01/06/2025", None),
        Err("`01/06/2025` is not written YYYY-MM-DD: day first it is 2025-06-01, month first 2025-01-06 (write it as YYYY-MM-DD, or set `[organisation] dates = \"day-first\"`)".into())
    );
    assert!(
        read("13/06/2025", None)
            .unwrap_err()
            .contains("it would be 2025-06-13 (day first")
    );
    assert_eq!(
        read("31/02/2025", None),
        Err("`31/02/2025` is not a date in either order of day and month".into())
    );
    assert!(read("next year", None).is_err());
}

#[test]
fn months_spans_and_dashes_as_spreadsheets_write_them() {
    assert_eq!(read("02/2027", None), Ok(Some("2027-02-28".into())));
    assert_eq!(read("12-2026", None), Ok(Some("2026-12-31".into())));
    assert_eq!(
        read("13/2026", None),
        Err("`13/2026` is not a date: there is no month 13".into())
    );
    assert_eq!(read("14-Oct-2026", None), Ok(Some("2026-10-14".into())));
    assert_eq!(read("14-17 Apr 2025", None), Ok(Some("2025-04-17".into())));
    assert_eq!(read("3–5 March 2026", None), Ok(Some("2026-03-05".into())));
    assert!(read("14-17", None).is_err());
    assert_eq!(read("Q1 2027", None), Ok(Some("2027-03-31".into())));
    assert_eq!(read("Q4 2026", None), Ok(Some("2026-12-31".into())));
    assert_eq!(read("2026 Q2", None), Ok(Some("2026-06-30".into())));
    assert_eq!(read("janvier 2027", None), Ok(Some("2027-01-31".into())));
    assert_eq!(read("3 März 2026", None), Ok(Some("2026-03-03".into())));
}

#[test]
fn a_date_inside_a_longer_text() {
    let t = "Head of Engineering, 2026-07-14";
    let (s, e) = find(t, None).unwrap();
    assert_eq!(&t[s..e], "2026-07-14");
    let t = "Y - Head of IT 21/04/2026";
    let (s, e) = find(t, None).unwrap();
    assert_eq!(&t[s..e], "21/04/2026");
    let t = "Practice Manager, 17 Feb 2026";
    let (s, e) = find(t, None).unwrap();
    assert_eq!(&t[s..e], "17 Feb 2026");
    assert_eq!(find("Head of IT", None), None);
}

#[test]
fn a_span_of_two_dates_is_its_last() {
    let day_first = Some(DateOrder::DayFirst);
    assert_eq!(
        read("20/04/2026 – 22/04/2026", day_first),
        Ok(Some("2026-04-22".into()))
    );
    assert_eq!(read("2026-04-20 to 2026-04-22", None), Ok(Some("2026-04-22".into())));
    assert_eq!(
        read("20.04.2026 bis 22.04.2026", day_first),
        Ok(Some("2026-04-22".into()))
    );
    assert!(looks_like_date("13/10/2026 – 15/10/2026"));
    assert!(looks_like_date("2026-04-20 to 2026-04-22"));
    assert!(!looks_like_date("Phase 1 – Phase 2"));
    assert!(read("20/04/2026 – soon", day_first).is_err());
}
