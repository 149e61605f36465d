package isms.risk.owner_accountable_test

import data.isms.risk.owner_accountable

refs := {
	"cto": {"kind": "person", "id": "cto", "people": ["cto"], "active_people": ["cto"]},
	"eng": {"kind": "person", "id": "eng", "people": ["eng"], "active_people": ["eng"]},
	"head-of-ops": {"kind": "role", "id": "head-of-ops", "people": ["eng"], "active_people": ["eng"]},
	"engineer": {"kind": "role", "id": "engineer", "people": ["cto", "eng"], "active_people": ["cto", "eng"]},
	"ghost": {"kind": "unknown", "people": [], "active_people": []},
}

deny_for(owner) := denials if {
	denials := owner_accountable.deny with input as {
	"refs": refs,
	"people": {"cto": {"management": true}, "eng": {"management": false}},
	"roles": {"head-of-ops": {"management": true}, "engineer": {"management": false}},
	"registers": {"risks": [{"id": "R-1", "owner": owner}]},
}
}

test_manager_or_management_role_passes if {
	count(deny_for("cto")) == 0
	count(deny_for("head-of-ops")) == 0
}

test_non_manager_is_denied_at_owner if {
	denials := deny_for("eng")
	count(denials) == 1
	some d in denials
	d.field == "owner"
	d.msg == "risk R-1 is owned by \"eng\", who holds no management-level role"
}

test_non_management_role_is_denied_even_if_a_manager_holds_it if {
	count(deny_for("engineer")) == 1
}

test_unknown_owner_is_left_to_risk_001 if {
	count(deny_for("ghost")) == 0
}
