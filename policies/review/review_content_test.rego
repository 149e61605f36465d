package isms.review.review_content_test

import data.isms.review.review_content

all_inputs := ["Previous actions", "Issues", "Risk"]

deny_for(reviews, registers, documents) := denials if {
	denials := review_content.deny with input as {
	"settings": {"review_inputs": all_inputs},
	"registers": object.union(registers, {"reviews": reviews}),
	"documents": documents,
}
}

latest := {"id": "MR-2", "held_on": "2026-06-01", "inputs": ["previous-actions", "ISSUES", "risk"], "decisions": "Fund MFA."}

earlier := {"id": "MR-1", "held_on": "2025-06-01", "actions": ["IMP-1", "NC-3"]}

closed_actions := {"improvements": [{"id": "IMP-1", "status": "done"}], "findings": [{"id": "NC-3", "status": "open"}]}

test_complete_review_passes if {
	count(deny_for([earlier, latest], closed_actions, [])) == 0
}

test_minutes_headings_count_as_inputs if {
	review := object.union(latest, {"inputs": [], "minutes": "MIN-2"})
	minutes := {"id": "MIN-2", "path": "docs/mr-2.md", "headings": [
		{"level": 2, "text": "Status of previous actions"},
		{"level": 2, "text": "Internal and external issues"},
		{"level": 2, "text": "Risk assessment results"},
	]}
	count(deny_for([review], {}, [minutes])) == 0
}

test_missing_inputs_and_decisions_are_denied_at_their_fields if {
	review := {"id": "MR-2", "held_on": "2026-06-01", "inputs": ["Risk"]}
	denials := deny_for([earlier, review], closed_actions, [])
	{[d.record, d.field] | some d in denials} == {["MR-2", "inputs"], ["MR-2", "decisions"]}
	some d in denials
	d.field == "inputs"
	d.msg == "management review MR-2 does not cover: Previous actions, Issues"
}

test_only_the_latest_review_is_judged_for_inputs if {
	count(deny_for([{"id": "MR-0", "held_on": "2024-06-01"}, latest], {}, [])) == 0
}

test_previous_actions_without_record_or_status_are_denied if {
	denials := deny_for([earlier, latest], {"improvements": [{"id": "IMP-1"}]}, [])
	msgs := {d.msg | some d in denials; d.record == "MR-1"; d.field == "actions"}
	msgs == {
		"action IMP-1 from management review MR-1 has no status",
		"action NC-3 from management review MR-1 is not in the improvements, findings, objectives, changes register",
	}
}

test_minutes_without_a_register_are_read_for_the_inputs if {
	minutes := {"id": "mr-2026", "path": "minutes/management-review-2026-05-14.md", "title": "Management review 14 May 2026", "type": "minutes", "prompts": [], "mentions": [],
		"headings": [{"level": 2, "text": "Audit results"}],
		"review_inputs": ["risk", "objectives", "monitoring", "nonconformities", "issues", "audit results"]}
	inp := {"now": "2026-12-07", "settings": {"review_interval_months": 12, "review_inputs": ["Status of actions", "Issues", "Interested parties", "Nonconformities", "Monitoring", "Audit results", "Objectives", "Feedback", "Risk", "Improvement"]},
		"registers": {"reviews": [], "improvements": [], "findings": [], "objectives": [], "changes": []}, "register_files": {}, "documents": [minutes]}
	denials := review_content.deny with input as inp
	denials == {{"msg": "the minutes of the latest management review (minutes/management-review-2026-05-14.md, 2026-05-14) do not cover: Status of actions, Interested parties, Feedback, Improvement (looked for in their headings and sentences)", "document": "mr-2026"}}
	whole := object.union(minutes, {"review_inputs": ["status of actions", "interested parties", "feedback", "improvement", "risk", "objectives", "monitoring", "nonconformities", "issues", "audit results"]})
	count(review_content.deny) == 0 with input as object.union(inp, {"documents": [whole]})
}
