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
