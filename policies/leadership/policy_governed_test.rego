package isms.leadership.policy_governed_test

import data.isms.leadership.policy_governed

policy := {"id": "POL-01", "type": "information-security-policy", "path": "docs/policy.md"}

roles := {"ceo": {"top_management": true}, "ciso": {"top_management": false}}

test_policy_governed_by_top_management_passes if {
	denials := policy_governed.deny with input as {
		"documents": [policy],
		"roles": roles,
		"approvals": [{"roles": ["ciso", "ceo"], "covers": ["docs/policy.md"]}],
	}
	count(denials) == 0
}

test_policy_governed_only_below_top_management_is_denied if {
	denials := policy_governed.deny with input as {
		"documents": [policy],
		"roles": roles,
		"approvals": [{"roles": ["ciso"], "covers": ["docs/policy.md"]}],
	}
	count(denials) == 1
	some d in denials
	d.document == "POL-01"
	d.msg == "the information security policy POL-01 (docs/policy.md) is not governed by an [[approval]] rule of a top-management role, so the approval its front matter records is not enforced"
}

test_ungoverned_policy_is_denied if {
	denials := policy_governed.deny with input as {
		"documents": [policy],
		"roles": roles,
		"approvals": [{"roles": ["ceo"], "covers": ["registers/soa.csv"]}],
	}
	count(denials) == 1
}

test_other_documents_are_not_looked_at if {
	denials := policy_governed.deny with input as {
		"documents": [{"id": "PRO-1", "type": "procedure", "path": "docs/p.md"}],
		"roles": roles,
		"approvals": [],
	}
	count(denials) == 0
}
