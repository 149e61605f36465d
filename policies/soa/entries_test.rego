package isms.soa.entries_test

import data.isms.soa.entries

refs := {"ciso": {"kind": "role", "people": ["p"], "active_people": ["p"]}, "nobody": {"kind": "unknown", "people": [], "active_people": []}}

deny_for(row) := denials if {
	denials := entries.deny with input as {"refs": refs, "registers": {"soa": [object.union({"id": "A.5.1"}, row)]}}
}

fields(denials) := {d.field | some d in denials}

test_complete_applicable_entry_passes if {
	count(deny_for({"applicable": true, "justification": "risk R-1", "owner": "ciso", "status": "implemented"})) == 0
}

test_justified_exclusion_passes if {
	count(deny_for({"applicable": false, "justification": "no premises", "status": "not-applicable"})) == 0
}

test_applicable_entry_without_owner_and_status if {
	denials := entries.deny with input as {"refs": refs, "registers": {"soa": [
		{"id": "A.5.1", "applicable": true, "justification": "x"},
		{"id": "A.5.2", "applicable": true, "justification": "x", "owner": "ciso", "status": "implemented"},
	]}}
	fields(denials) == {"owner", "status"}
}

# A SoA that records no owners or statuses has no such column to fill.
test_a_soa_recording_no_owners_or_statuses if {
	fields(deny_for({"applicable": true, "justification": "x"})) == set()
}

test_missing_justification if {
	fields(deny_for({"applicable": false})) == {"justification"}
}

test_contradictory_status if {
	fields(deny_for({"applicable": true, "justification": "x", "owner": "ciso", "status": "not-applicable"})) == {"status"}
	fields(deny_for({"applicable": false, "justification": "x", "status": "implemented"})) == {"status"}
}

test_an_excluded_control_not_implemented_agrees if {
	count(deny_for({"applicable": false, "justification": "x", "status": "not-started"})) == 0
}

test_owner_resolution_is_left_to_the_accountability_rule if {
	count(deny_for({"applicable": true, "justification": "x", "owner": "nobody", "status": "planned"})) == 0
}
