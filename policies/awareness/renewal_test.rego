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
