package isms.risk.owner_accountable_test

import data.isms.risk.owner_accountable

refs := {
	"cto": {"kind": "person", "id": "cto", "people": ["cto"], "active_people": ["cto"]},
	"eng": {"kind": "person", "id": "eng", "people": ["eng"], "active_people": ["eng"]},
	"head-of-ops": {"kind": "role", "id": "head-of-ops", "people": ["eng"], "active_people": ["eng"]},
	"engineer": {"kind": "role", "id": "engineer", "people": ["cto", "eng"], "active_people": ["cto", "eng"]},
	"ghost": {"kind": "unknown", "people": [], "active_people": []},
	"newcomer": {"kind": "person", "id": "new", "people": ["new"], "active_people": ["new"]},
}

deny_for(owner) := deny_for_risk({"id": "R-1", "owner": owner, "residual_score": 12, "accepted_by": "cto"})

deny_for_risk(risk) := denials if {
	denials := owner_accountable.deny with input as {
	"refs": refs,
	"people": {"cto": {"management": true, "roles": ["engineer"]}, "eng": {"management": false, "roles": ["engineer"]}, "new": {"management": false, "roles": []}},
	"roles": {"head-of-ops": {"management": true}, "engineer": {"management": false}},
	"registers": {"risks": [risk]},
	"settings": {"risk": {"acceptance_threshold": 9}},
}
}

test_a_risk_within_the_appetite_may_be_owned_by_whoever_manages_it if {
	count(deny_for_risk({"id": "R-1", "owner": "eng", "level": "high", "score": 16, "residual_score": 6})) == 0
	count(deny_for_risk({"id": "R-1", "owner": "eng", "level": "low", "residual_score": 12, "accepted_by": "cto"})) == 1
	count(deny_for_risk({"id": "R-1", "owner": "eng", "likelihood": 4, "impact": 3, "accepted_by": "cto"})) == 1
	# Nobody accepted it: ISMS-RISK-003's finding, not this one's.
	count(deny_for_risk({"id": "R-1", "owner": "eng", "residual_score": 12})) == 0
}

test_a_person_given_no_role_yet_is_left_to_the_to_do if {
	count(deny_for("newcomer")) == 0
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
	d.msg == "risk R-1 is above the appetite and owned by \"eng\", who holds no management-level role to accept it or take it to who can"
}

test_non_management_role_is_denied_even_if_a_manager_holds_it if {
	count(deny_for("engineer")) == 1
}

test_unknown_owner_is_left_to_risk_001 if {
	count(deny_for("ghost")) == 0
}
