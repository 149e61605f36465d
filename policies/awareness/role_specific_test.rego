package isms.awareness.role_specific_test

import data.isms.awareness.role_specific

deny_for(records) := denials if {
	denials := role_specific.deny with input as {
	"now": "2026-11-27",
	"settings": {"training_interval_months": 12},
	"roles": {"admin": {"privileged": true}, "sre": {"privileged": true}, "staff": {"privileged": false}},
	"people": {
		"ana": {"name": "Ana", "active": true, "index": 0, "roles": ["admin", "sre"]},
		"bo": {"name": "Bo", "active": true, "index": 1, "roles": ["staff"]},
		"old": {"name": "Old", "active": false, "index": 2, "roles": ["admin"]},
	},
	"refs": {"ana": {"people": ["ana"]}},
	"registers": {"training": records},
}
}

test_trained_privileged_holder_passes if {
	count(deny_for([{"person": "ana", "type": "role-specific", "completed_on": "2026-01-10"}])) == 0
}

test_untrained_privileged_holder_is_denied_at_their_roles if {
	denials := deny_for([{"person": "ana", "type": "awareness", "completed_on": "2026-10-01"}])
	count(denials) == 1
	some d in denials
	d.config == "person.0.roles"
	d.msg == "Ana (ana) holds the privileged role admin, sre but has no role-specific training completed in the last 12 months"
}

test_stale_role_specific_training_is_denied if {
	count(deny_for([{"person": "ana", "type": "role-specific", "completed_on": "2025-11-26"}])) == 1
}

test_role_specific_training_assigned_but_not_done_is_denied if {
	count(deny_for([{"person": "ana", "type": "role-specific"}])) == 1
}
