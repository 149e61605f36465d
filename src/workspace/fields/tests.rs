//! Unit tests of `fields`: values read into their fields.

use super::*;

/// An objective's progress written as a count is where it stands.
#[test]
fn progress_counts_are_statuses() {
    let statuses = ["planned", "on-track", "at-risk", "achieved", "missed"];
    assert_eq!(enumeration(&statuses, "2 of 3 depots met").as_deref(), Ok("on-track"));
    assert_eq!(enumeration(&statuses, "3/3 so far").as_deref(), Ok("achieved"));
    assert_eq!(enumeration(&statuses, "3 van 4 gehaald").as_deref(), Ok("on-track"));
    assert_eq!(enumeration(&statuses, "4 out of 4").as_deref(), Ok("achieved"));
    assert_eq!(enumeration(&statuses, "100% since August").as_deref(), Ok("achieved"));
    assert_eq!(enumeration(&statuses, "88 %").as_deref(), Ok("on-track"));
    assert!(
        enumeration(&statuses, "5 of 3").is_err(),
        "more done than there are is no count"
    );
    assert!(
        enumeration(&["open", "closed"], "2 of 3").is_err(),
        "only where achieved is a state"
    );
}

#[test]
fn date_times_are_normalised_to_utc() {
    assert_eq!(date_time("2026-05-14 16:40").as_deref(), Ok("2026-05-14T16:40:00"));
    assert_eq!(date_time("2026-05-14T16:40:05").as_deref(), Ok("2026-05-14T16:40:05"));
    assert_eq!(
        date_time("2026-05-14T18:40:00+02:00").as_deref(),
        Ok("2026-05-14T16:40:00")
    );
    assert_eq!(date_time("2026-05-14").as_deref(), Ok("2026-05-14T00:00:00"));
    assert!(date_time("14/05/2026 16:40").is_err());
}

/// Relations to pages and titles that open with a control: the
/// control, the title, without the links.
#[test]
fn controls_inside_titles_and_links() {
    assert_eq!(leading_control("A.5.1 Security policies"), Some(5));
    assert_eq!(leading_control("5.15 – Access control"), Some(4));
    assert_eq!(leading_control("A.5.1"), None, "a control alone opens nothing");
    assert_eq!(leading_control("5 Organisational controls"), None);
    assert_eq!(
        without_links(
            "A.8.3 Restricting access (https://www.notion.so/A-8-3-abc?pvs=21), A.8.26 Application security (https://x.example/y)"
        ),
        "A.8.3 Restricting access, A.8.26 Application security"
    );
    assert_eq!(without_links("see [A.8.3](https://x.example/a) now"), "see A.8.3 now");
    let field = crate::config::kinds::RegisterKind::Soa.field("id").unwrap();
    let ctx = super::super::values::Context::default();
    assert_eq!(part_of(field, "A.5.1 Security policies", &ctx), Some((0, 5)));
    let title = crate::config::kinds::RegisterKind::Soa.field("title").unwrap();
    assert_eq!(part_of(title, "A.5.1 Security policies", &ctx), Some((6, 23)));
}
