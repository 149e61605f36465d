package isms.leadership.policy_approved_test

import data.isms.leadership.policy_approved

people := {
	"ceo": {"id": "ceo", "top_management": true, "active": true},
	"dev": {"id": "dev", "top_management": false, "active": true},
}

refs := {
	"ceo": {"kind": "person", "people": ["ceo"], "active_people": ["ceo"]},
	"Chief Executive": {"kind": "role", "people": ["ceo"], "active_people": ["ceo"]},
	"dev": {"kind": "person", "people": ["dev"], "active_people": ["dev"]},
	"gone": {"kind": "unknown", "people": [], "active_people": []},
}

policy(fields) := object.union({"id": "POL-1", "type": "information-security-policy"}, fields)

deny_for(fields) := denials if {
	denials := policy_approved.deny with input as {"documents": [policy(fields)], "people": people, "refs": refs}
}

test_approved_by_ceo_passes if {
	count(deny_for({"status": "approved", "approved_by": "ceo", "approved_on": "2026-01-01"})) == 0
}

test_approved_by_role_passes if {
	count(deny_for({"status": "approved", "approved_by": "Chief Executive", "approved_on": "2026-01-01"})) == 0
}

test_draft_is_denied_at_status if {
	denials := deny_for({"status": "draft", "approved_by": "ceo", "approved_on": "2026-01-01"})
	count(denials) == 1
	some d in denials
	d.key == "status"
}

test_approver_without_top_management_is_denied if {
	denials := deny_for({"status": "approved", "approved_by": "dev", "approved_on": "2026-01-01"})
	count(denials) == 1
	some d in denials
	d.key == "approved_by"
}

test_unknown_approver_is_denied if {
	count(deny_for({"status": "approved", "approved_by": "gone", "approved_on": "2026-01-01"})) == 1
}

test_missing_approval_fields_are_one_finding if {
	denials := deny_for({"status": "approved"})
	{d.msg | some d in denials} == {"the information security policy POL-1 is not approved: it names no approver; it has no approval date"}
}

test_a_policy_with_no_metadata_lacks_its_approval_once if {
	denials := deny_for({})
	count(denials) == 1
	some d in denials
	d.key == "approved_by"
}

test_an_approval_without_a_status_counts if {
	count(deny_for({"approved_by": "ceo", "approved_on": "2026-01-01"})) == 0
}

test_an_approver_named_without_a_date_is_said_as_that if {
	denials := policy_approved.deny with input as {
		"documents": [{"id": "POL-1", "type": "information-security-policy", "approved_by": "Managing Director"}],
		"refs": {"Managing Director": {"kind": "role", "people": ["md"], "active_people": ["md"]}},
		"people": {"md": {"top_management": true}},
	}
	{d.msg | some d in denials} == {"the information security policy POL-1 names its approver (Managing Director) but not when it was approved: record the approval date"}
}
