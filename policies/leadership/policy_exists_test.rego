package isms.leadership.policy_exists_test

import data.isms.leadership.policy_exists

test_missing_policy_is_denied if {
	count(policy_exists.deny) == 1 with input as {"documents": [{"id": "P-2", "type": "procedure"}]}
}

test_one_policy_passes if {
	count(policy_exists.deny) == 0 with input as {"documents": [{"id": "P-1", "type": "information-security-policy"}]}
}

test_two_policies_are_denied_at_the_second if {
	denials := policy_exists.deny with input as {"documents": [
		{"id": "P-1", "type": "information-security-policy"},
		{"id": "P-2", "type": "information-security-policy"},
	]}
	count(denials) == 1
	some d in denials
	d.document == "P-2"
}

test_a_scope_document_is_no_manual_holding_the_policy if {
	inp := {"documents": [{"path": "docs/isms-scope.md", "id": "scope", "type": "scope", "title": "ISMS Scope", "headings": [{"level": 2, "text": "In scope"}]}]}
	p := policy_exists.policies with input as inp
	count(p) == 0
	d := policy_exists.deny with input as inp
	count(d) == 1
}

test_a_manual_holding_the_policy_section_is_the_policy if {
	manual := {"path": "ISMS-Manual.md", "id": "m", "title": "Acme ISMS Manual", "headings": [{"level": 2, "text": "3. Information security policy"}]}
	p := policy_exists.policies with input as {"documents": [manual]}
	p == [manual]
	count(policy_exists.deny) == 0 with input as {"documents": [manual]}
}
