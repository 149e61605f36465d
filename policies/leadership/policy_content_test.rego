package isms.leadership.policy_content_test

import data.isms.leadership.policy_content

deny_for(headings, topics) := denials if {
	denials := policy_content.deny with input as {
		"settings": {"policy_sections": ["Objectives", "Commitment to continual improvement", "Scope of application"]},
		"documents": [{"id": "POL-1", "type": "information-security-policy", "headings": [{"text": h} | some h in headings], "topics": topics}],
	}
}

test_all_sections_present_in_any_case if {
	count(deny_for(["Policy", "objectives", "COMMITMENT TO CONTINUAL IMPROVEMENT", "scope of application"], {})) == 0
}

test_a_topic_stated_in_the_text_needs_no_heading if {
	count(deny_for(["1. Purpose", "Scope of application"], {"objectives": 3, "improvement": 9})) == 0
}

test_missing_topic_says_what_was_looked_for if {
	denials := deny_for(["Policy", "Objectives", "Scope of application"], {"objectives": 2})
	count(denials) == 1
	some d in denials
	d.msg == "the information security policy POL-1 does not state a commitment to continual improvement of the ISMS (looked for a heading \"Commitment to continual improvement\" or a sentence saying so)"
}

test_a_section_of_no_known_topic_needs_its_heading if {
	denials := deny_for(["Objectives", "Commitment to continual improvement"], {})
	count(denials) == 1
	some d in denials
	d.msg == "the information security policy POL-1 has no section \"Scope of application\""
}
