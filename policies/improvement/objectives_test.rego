package isms.improvement.objectives_test

import data.isms.improvement.objectives

none := {"register_files": {"objectives": ["o.toml"]}, "registers": {"objectives": []}, "documents": []}

test_no_objectives_anywhere if {
	some d in objectives.deny with input as none
	d.register == "objectives"
}

test_a_record_establishes_them if {
	count(objectives.deny) == 0 with input as object.union(none, {"registers": {"objectives": [{"id": "O-1"}]}})
}

test_a_document_about_them if {
	count(objectives.deny) == 0 with input as object.union(none, {"documents": [{"title": "Information Security Objectives 2027", "prompts": [], "topics": {}}]})
}

test_a_prompt_titled_objectives_is_not_them if {
	count(objectives.deny) == 1 with input as object.union(none, {"documents": [{"title": "Objectives", "prompts": [{"line": 3, "text": "Set out"}], "topics": {}}]})
}

test_a_policy_stating_them if {
	count(objectives.deny) == 0 with input as object.union(none, {"documents": [{"title": "Policy", "prompts": [], "topics": {"objectives": 7}}]})
}
