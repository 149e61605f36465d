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

test_training_that_lapsed_is_reported_once_by_its_renewal_rule if {
	denials := training.deny with input as {
		"now": "2026-12-06",
		"settings": {"training_interval_months": 12},
		"people": {"helen": {"name": "Helen", "active": true, "index": 0}},
		"refs": {"Helen": {"people": ["helen"]}},
		"registers": {"training": [{"person": "Helen", "course": "Awareness", "completed_on": "2025-09-03", "expires": "2026-09-03"}]},
	}
	count(denials) == 0
}

test_training_assigned_but_not_completed_is_not_training_had if {
	some d in deny_for([
		{"person": "ana", "type": "awareness", "completed_on": "2026-02-01"},
		{"person": "Ivo", "type": "onboarding"},
	])
	contains(d.msg, "Ivo (ivo) has no awareness training")
}

test_a_course_still_valid_by_its_own_date_is_current if {
	denials := deny_for([
		{"person": "ana", "completed_on": "2025-05-05", "expires": "2027-05-05"},
		{"person": "Ivo", "completed_on": "2025-05-05"},
	])
	{d.config | some d in denials} == {"person.1"}
}

# Someone from another organisation (an external auditor) is named but
# not trained by the ISMS: nothing is asked of them.
test_an_external_person_is_not_asked_for_training if {
	denials := training.deny with input as {
		"now": "2026-11-27",
		"settings": {"training_interval_months": 12},
		"people": object.union(people, {"ivo": {"name": "Ivo", "active": true, "external": true, "index": 1}}),
		"refs": refs,
		"registers": {"training": [{"person": "ana", "type": "awareness", "completed_on": "2026-02-01"}]},
	}
	count(denials) == 0
}
