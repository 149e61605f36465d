package isms.risk.review_test

import data.isms.risk.review

deny_for(risk) := denials if {
	denials := review.deny with input as {"now": "2026-11-27", "settings": {"review_interval_months": 12}, "registers": {"risks": [object.union({"id": "R-1"}, risk)]}}
}

fields(denials) := {d.field | some d in denials}

test_recent_review_passes if {
	count(deny_for({"last_reviewed": "2026-06-01", "next_review": "2026-12-01"})) == 0
}

test_closed_risk_needs_no_review if {
	count(deny_for({"status": "closed"})) == 0
}

test_missing_review_date if {
	denials := review.deny with input as {"now": "2026-11-27", "settings": {"review_interval_months": 12}, "registers": {"risks": [{"id": "R-1"}, {"id": "R-2", "last_reviewed": "2026-06-01"}]}}
	{d.record | some d in denials} == {"R-1"}
}

# A register that records no review dates at all dates its review as a
# whole (its page, its method): no finding per risk.
test_a_register_recording_no_review_dates if {
	count(deny_for({})) == 0
}

test_stale_review if {
	fields(deny_for({"last_reviewed": "2025-11-26"})) == {"last_reviewed"}
}

test_passed_next_review if {
	fields(deny_for({"last_reviewed": "2026-06-01", "next_review": "2026-11-26"})) == {"next_review"}
}
