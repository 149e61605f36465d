package isms.improvement.actions_test

import data.isms.improvement.actions

run(objective) := {"deny": d, "warn": w} if {
	inp := {"now": "2026-11-27", "registers": {"objectives": [object.union({"id": "O-1"}, objective)], "improvements": []}}
	d := actions.deny with input as inp
	w := actions.warn with input as inp
}

test_complete_objective_passes if {
	r := run({"due_on": "2026-12-31", "status": "on-track", "measure": "x"})
	count(r.deny) == 0
	count(r.warn) == 0
}

test_missing_fields_are_denied if {
	r := run({})
	{d.field | some d in r.deny} == {"due_on", "status", "measure"}
}

test_overdue_open_objective_warns if {
	r := run({"due_on": "2026-06-30", "status": "at-risk", "measure": "x"})
	count(r.warn) == 1
}

test_achieved_objective_is_not_overdue if {
	r := run({"due_on": "2026-06-30", "status": "achieved", "measure": "x"})
	count(r.warn) == 0
}

# A missed objective is finished (data.isms.vocabulary, the table the
# evidence pack reads too): it is not reported as overdue.
test_missed_objective_is_finished_not_overdue if {
	r := run({"due_on": "2026-06-30", "status": "missed", "measure": "x"})
	count(r.warn) == 0
}
