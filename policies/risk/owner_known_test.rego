package isms.risk.owner_known_test

import data.isms.risk.owner_known

refs := {
	"alice": {"kind": "person", "people": ["alice"], "active_people": ["alice"]},
	"CISO": {"kind": "role", "people": ["alice"], "active_people": ["alice"]},
	"Auditor": {"kind": "role", "people": ["carl"], "active_people": []},
	"DPO": {"kind": "role", "people": [], "active_people": []},
	"bob": {"kind": "person", "people": ["bob"], "active_people": []},
	"nobody": {"kind": "unknown", "people": [], "active_people": []},
}

deny_for(risk) := denials if {
	denials := owner_known.deny with input as {"refs": refs, "registers": {"risks": [object.union({"id": "R-1"}, risk)]}}
}

test_person_owner_passes if {
	count(deny_for({"owner": "alice"})) == 0
}

test_role_owner_passes if {
	count(deny_for({"owner": "CISO"})) == 0
}

test_missing_owner_is_denied if {
	count(deny_for({})) == 1
}

test_unknown_owner_is_denied if {
	some d in deny_for({"owner": "nobody"})
	d.field == "owner"
	contains(d.msg, "not a person or role")
}

test_role_without_active_holder_is_denied if {
	count(deny_for({"owner": "Auditor"})) == 1
}

# A role given to nobody is the role's to-do (ISMS-ROLE-001), not a
# finding at every risk it owns.
test_role_given_to_nobody_is_left_to_its_to_do if {
	count(deny_for({"owner": "DPO"})) == 0
}

test_inactive_person_is_denied if {
	count(deny_for({"owner": "bob"})) == 1
}
