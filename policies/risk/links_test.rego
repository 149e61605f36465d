package isms.risk.links_test

import data.isms.risk.links

deny_for(risk) := denials if {
	denials := links.deny with input as {"registers": {
		"risks": [object.union({"id": "R-1"}, risk)],
		"assets": [{"id": "AS-1"}],
		"soa": [{"id": "A.5.1", "applicable": true}, {"id": "A.7.5", "applicable": false}],
	}}
}

test_known_assets_and_applicable_controls_pass if {
	count(deny_for({"assets": ["AS-1"], "controls": ["A.5.1"]})) == 0
}

test_unknown_asset_is_denied if {
	some d in deny_for({"assets": ["AS-1", "AS-9"]})
	d.field == "assets"
	contains(d.msg, "AS-9")
}

test_control_missing_from_a_whole_soa_is_denied if {
	denials := links.deny with input as {"annex_a": ["A.5.1", "A.7.5"], "registers": {
		"risks": [{"id": "R-1", "controls": ["A.8.1"]}],
		"soa": [{"id": "A.5.1", "applicable": true}, {"id": "A.7.5", "applicable": false}],
	}}
	some d in denials
	contains(d.msg, "not in the Statement of Applicability")
}

test_a_soa_that_leaves_controls_out_is_reported_once_by_its_own_rule if {
	denials := links.deny with input as {"annex_a": ["A.5.1", "A.7.5", "A.8.1", "A.8.2", "A.8.3"], "registers": {
		"risks": [{"id": "R-1", "controls": ["A.8.1"]}],
		"soa": [{"id": "A.5.1", "applicable": true}, {"id": "A.7.5", "applicable": false}],
	}}
	count(denials) == 0
}

test_excluded_control_is_denied if {
	some d in deny_for({"controls": ["A.7.5"]})
	contains(d.msg, "excludes")
}

test_duplicate_soa_entries_do_not_break_the_rule if {
	denials := links.deny with input as {"registers": {
		"risks": [{"id": "R-1", "controls": ["A.5.1"]}],
		"assets": [],
		"soa": [{"id": "A.5.1", "applicable": true}, {"id": "A.5.1", "applicable": true}],
	}}
	count(denials) == 0
}
