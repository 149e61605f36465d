package isms.leadership.policy_content_test

import data.isms.leadership.policy_content

deny_for(headings) := denials if {
	denials := policy_content.deny with input as {
		"settings": {"policy_sections": ["Objectives", "Commitment to continual improvement"]},
		"documents": [{"id": "POL-1", "type": "information-security-policy", "headings": [{"text": h} | some h in headings]}],
	}
}

test_all_sections_present_in_any_case if {
	count(deny_for(["Policy", "objectives", "COMMITMENT TO CONTINUAL IMPROVEMENT"])) == 0
}

test_missing_section_is_named if {
	denials := deny_for(["Policy", "Objectives"])
	count(denials) == 1
	some d in denials
	d.msg == "the information security policy POL-1 has no section \"Commitment to continual improvement\""
}
