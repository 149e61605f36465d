package isms.improvement.nonconformities_test

import data.isms.improvement.nonconformities

refs := {"ana": {"people": ["ana"]}, "ivo": {"people": ["ivo"]}, "Quality": {"people": ["ana"]}}

deny_for(f) := denials if {
	denials := nonconformities.deny with input as {"now": "2026-11-27", "refs": refs, "registers": {"findings": [object.union({"id": "NC-1", "owner": "ana"}, f)]}}
}

fields(denials) := {d.field | some d in denials}

closed := {"status": "closed", "root_cause": "x", "corrective_action": "y", "verified_by": "ivo", "verified_on": "2026-06-01"}

test_open_within_due_date_passes if {
	count(deny_for({"status": "open", "due_on": "2026-12-31"})) == 0
}

test_overdue_is_denied if {
	fields(deny_for({"status": "in-progress", "due_on": "2026-11-26"})) == {"due_on"}
}

test_observation_is_not_a_nonconformity if {
	count(deny_for({"type": "observation", "due_on": "2020-01-01"})) == 0
}

test_properly_closed_passes if {
	count(deny_for(closed)) == 0
}

test_closure_without_evidence_is_one_finding if {
	denials := nonconformities.deny with input as {"now": "2026-11-27", "refs": refs, "registers": {"findings": [
		object.union({"id": "NC-0", "owner": "ana"}, closed),
		{"id": "NC-1", "owner": "ana", "status": "closed"},
	]}}
	{d.msg | some d in denials} == {"NC-1: closed without a root cause and without a corrective action and without an effectiveness check"}
}

# An export's yes/no for the effectiveness check; a register that records
# no root causes is not asked for one.
test_an_effectiveness_check_recorded_as_yes_or_no if {
	denials := nonconformities.deny with input as {"now": "2026-11-27", "refs": refs, "registers": {"findings": [
		{"id": "NC-1", "owner": "ana", "status": "closed", "corrective_action": "x", "verified": true},
		{"id": "NC-2", "owner": "ana", "status": "closed", "corrective_action": "y", "verified": false},
	]}}
	{d.msg | some d in denials} == {"NC-2: closed without an effectiveness check"}
}

test_owner_cannot_verify_their_own_action if {
	fields(deny_for(object.union(closed, {"verified_by": "Quality"}))) == {"verified_by"}
}

test_a_closing_date_closes_a_finding_without_a_status if {
	inp := {"now": "2026-11-27", "refs": {}, "registers": {"findings": [{"id": "NC-1", "title": "x", "owner": "o", "due_on": "2026-04-30", "closed_on": "2026-04-22", "corrective_action": "y", "root_cause": "z"}]}}
	count([d | some d in nonconformities.deny with input as inp; contains(d.msg, "overdue")]) == 0
}
