package isms.roles.accountability_test

import data.isms.roles.accountability

refs := {
	"ana": {"kind": "person", "people": ["ana"], "active_people": ["ana"]},
	"old": {"kind": "person", "people": ["old"], "active_people": []},
	"ciso": {"kind": "role", "people": ["ana"], "active_people": ["ana"]},
	"dpo": {"kind": "role", "people": ["old"], "active_people": []},
	"Nobody": {"kind": "unknown", "people": [], "active_people": []},
}

deny_for(registers, documents) := denials if {
	denials := accountability.deny with input as {
	"refs": refs,
	"registers": registers,
	"documents": documents,
}
}

test_active_owners_and_approvers_pass if {
	count(deny_for(
		{
			"soa": [{"id": "A.5.1", "owner": "ciso"}],
			"changes": [{"id": "C-1", "approved_by": "ana"}],
			"findings": [{"id": "F-1", "owner": "ana", "verified_by": "ciso"}],
		},
		[{"id": "TSP-1", "type": "topic-specific-policy", "owner": "ciso", "approved_by": "ana"}],
	)) == 0
}

test_soa_owner_unknown_inactive_and_vacant_role_are_denied if {
	denials := deny_for(
		{"soa": [
			{"id": "A.5.1", "owner": "Nobody"},
			{"id": "A.5.2", "owner": "old"},
			{"id": "A.5.3", "owner": "dpo"},
		]},
		[],
	)
	{[d.record, d.field] | some d in denials} == {["A.5.1", "owner"], ["A.5.2", "owner"], ["A.5.3", "owner"]}
	some d in denials
	d.msg == "soa A.5.2: owner \"old\" is a person who is no longer active"
}

test_document_owner_is_checked_but_policy_approver_is_left_to_its_rule if {
	denials := deny_for({}, [
		{"id": "POL-001", "type": "information-security-policy", "owner": "old", "approved_by": "Nobody"},
		{"id": "SCOPE", "type": "scope", "approved_by": "Nobody"},
	])
	{[d.document, d.key] | some d in denials} == {["POL-001", "owner"]}
}

test_risk_owner_and_acceptance_are_left_to_the_risk_rules if {
	count(deny_for({"risks": [{"id": "R-1", "owner": "Nobody", "accepted_by": "old"}]}, [])) == 0
}

test_only_the_inactive_owner_among_active_ones_is_denied if {
	denials := deny_for({"soa": [{"id": "A.5.1", "owner": "ciso"}, {"id": "A.5.2", "owner": "old"}]}, [])
	{d.record | some d in denials} == {"A.5.2"}
}
