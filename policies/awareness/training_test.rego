package isms.awareness.training_test

import data.isms.awareness.training

people := {
	"ana": {"name": "Ana", "active": true, "index": 0},
	"ivo": {"name": "Ivo", "active": true, "index": 1},
	"old": {"name": "Old", "active": false, "index": 2},
}

refs := {"ana": {"people": ["ana"]}, "Ivo": {"people": ["ivo"]}, "old": {"people": ["old"]}}

deny_for(records) := denials if {
	denials := training.deny with input as {
		"now": "2026-11-27",
		"settings": {"training_interval_months": 12},
		"people": people,
		"refs": refs,
		"registers": {"training": records},
	}
}

test_everyone_trained_passes if {
	count(deny_for([
		{"person": "ana", "type": "awareness", "completed_on": "2026-02-01"},
		{"person": "Ivo", "type": "onboarding", "completed_on": "2026-11-27"},
	])) == 0
}

test_untrained_person_is_denied_at_their_entry if {
	denials := deny_for([{"person": "ana", "type": "awareness", "completed_on": "2026-02-01"}])
	count(denials) == 1
	some d in denials
	d.config == "person.1"
}

test_stale_and_role_specific_records_do_not_count if {
	denials := deny_for([
		{"person": "ana", "type": "awareness", "completed_on": "2025-11-26"},
		{"person": "Ivo", "type": "role-specific", "completed_on": "2026-10-01"},
	])
	count(denials) == 2
}
