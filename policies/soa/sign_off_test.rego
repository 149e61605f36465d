package isms.soa.sign_off_test

import data.isms.soa.sign_off

soa := [{"id": "A.5.1", "_file": "registers/soa.csv"}]

test_governed_soa_passes if {
	denials := sign_off.deny with input as {
		"registers": {"soa": soa},
		"approvals": [{"roles": ["ciso"], "covers": ["isms.toml", "registers/soa.csv"]}],
	}
	count(denials) == 0
}

test_ungoverned_soa_is_denied_at_the_register if {
	denials := sign_off.deny with input as {
		"registers": {"soa": soa},
		"approvals": [{"roles": ["ceo"], "covers": ["docs/policy.md"]}],
	}
	count(denials) == 1
	some d in denials
	d.register == "soa"
	d.msg == "the Statement of Applicability registers/soa.csv is not governed by any [[approval]] rule, so its sign-off is not enforced"
}
