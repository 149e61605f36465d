package isms.leadership.policy_review_test

import data.isms.leadership.policy_review

deny_for(doc) := denials if {
	denials := policy_review.deny with input as {
		"now": "2026-06-30",
		"settings": {"review_interval_months": 12},
		"documents": [object.union({"id": "POL-1", "type": "information-security-policy"}, doc)],
	}
}

test_recent_approval_passes if {
	count(deny_for({"approved_on": "2025-07-01", "next_review": "2026-07-01"})) == 0
}

test_approval_just_inside_the_interval_passes if {
	count(deny_for({"approved_on": "2025-06-30"})) == 0
}

test_stale_approval_is_denied if {
	denials := deny_for({"approved_on": "2025-06-29"})
	count(denials) == 1
	some d in denials
	d.key == "approved_on"
}

test_passed_next_review_is_denied if {
	denials := deny_for({"approved_on": "2026-01-01", "next_review": "2026-06-01"})
	count(denials) == 1
	some d in denials
	d.key == "next_review"
}
