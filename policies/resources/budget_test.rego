package isms.resources.budget_test

import data.isms.resources.budget

people := {"cfo": {"top_management": true}, "ciso": {"top_management": false}}

refs := {"cfo": {"active_people": ["cfo"]}, "ciso": {"active_people": ["ciso"]}}

deny_for(lines) := denials if {
	denials := budget.deny with input as {"now": "2026-11-27", "people": people, "refs": refs, "registers": {"budget": lines}, "register_files": {"budget": ["b.toml"]}}
}

test_approved_line_for_this_year_passes if {
	count(deny_for([{"id": "B", "period": "2026-H2", "approved_by": "cfo", "approved_on": "2026-06-01"}])) == 0
}

test_last_years_budget_does_not_count if {
	count(deny_for([{"id": "B", "period": "2025", "approved_by": "cfo", "approved_on": "2025-01-01"}])) == 1
}

test_budget_approved_below_top_management if {
	count(deny_for([{"id": "B", "period": "2026", "approved_by": "ciso", "approved_on": "2026-01-01"}])) == 1
}

test_undated_approval if {
	count(deny_for([{"id": "B", "period": "2026", "approved_by": "cfo"}])) == 1
}
