package isms.lib.sections_test

import data.isms.lib.sections

manual := {"path": "ISMS-Manual.md", "title": "Acme Ltd — Information Security Management System Manual", "headings": [
	{"level": 1, "text": "Acme Ltd — Information Security Management System Manual"},
	{"level": 2, "text": "2. Scope"},
	{"level": 2, "text": "3. Information security policy"},
]}

policy := {"path": "aup.md", "title": "Acceptable Use Policy", "headings": [{"level": 2, "text": "Scope"}]}

test_a_manual_holds_its_scope_and_policy if {
	ms := sections.manuals with input as {"documents": [manual, policy]}
	count(ms) == 1
	sections.holds(manual, sections.scope_heading)
	sections.holds(manual, sections.policy_heading)
}

test_a_policys_own_scope_section_is_not_the_isms_scope if {
	ms := sections.manuals with input as {"documents": [policy]}
	count(ms) == 0
}

test_headings_read_whatever_their_numbering if {
	regex.match(sections.scope_heading, "4.3 scope of the isms")
	regex.match(sections.policy_heading, "our information security policy")
	not regex.match(sections.policy_heading, "access control policy")
}
