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

test_what_an_objective_lacks_is_one_finding if {
	r := run({})
	{d.msg | some d in r.deny} == {"objective O-1 states no measure or target and no due date"}
}

test_a_target_makes_an_objective_measurable_and_status_is_not_required if {
	r := run({"due_on": "2026-12-31", "target": "100%"})
	count(r.deny) == 0
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

test_a_listed_objective_with_nothing_to_measure if {
	denials := actions.deny with input as {"now": "2026-11-27", "registers": {"objectives": [], "improvements": []}, "documents": [{"id": "objectives", "listed_objectives": [
		{"line": 8, "text": "All laptops encrypted. Target 100% by 30 June 2026. Owner: IT.", "measure": true, "owner": true, "when": true},
		{"line": 12, "text": "Improve security culture.", "measure": false, "owner": false, "when": false},
	]}]}
	[d.line | some d in denials] == [12]
}
