package isms.awareness.renewal_test

import data.isms.awareness.renewal

record(id, person, done, expires) := {"id": id, "person": person, "course": "Annual refresher", "completed_on": done, "expires": expires}

test_lapsed_training if {
	denials := renewal.deny with input as {"now": "2026-12-06", "registers": {"training": [record("T1", "E1046", "2025-03-12", "2026-03-12")]}}
	{d.record | some d in denials} == {"T1"}
}

test_repeated_training if {
	count(renewal.deny) == 0 with input as {"now": "2026-12-06", "registers": {"training": [record("T1", "E1", "2025-03-12", "2026-03-12"), record("T2", "E1", "2026-03-01", "2027-03-01")]}}
}

test_not_yet_due if {
	count(renewal.deny) == 0 with input as {"now": "2026-12-06", "registers": {"training": [record("T1", "E1", "2026-03-12", "2027-03-12")]}}
}

test_repeated_under_the_new_years_name if {
	old := {"id": "T1", "person": "E1", "course": "Awareness 2025", "completed_on": "2025-03-12", "expires": "2026-03-12"}
	new := {"id": "T2", "person": "E1", "course": "Awareness 2026", "completed_on": "2026-03-01", "expires": "2027-03-01"}
	count(renewal.deny) == 0 with input as {"now": "2026-12-06", "registers": {"training": [old, new]}}
}

test_assigned_but_not_done_is_no_renewal if {
	old := {"id": "T1", "person": "E1", "course": "Awareness 2025", "completed_on": "2025-03-12", "expires": "2026-03-12"}
	open := {"id": "T2", "person": "E1", "course": "Awareness 2026", "expires": "2026-12-31"}
	{d.record | some d in renewal.deny} == {"T1"} with input as {"now": "2026-12-06", "registers": {"training": [old, open]}}
}
