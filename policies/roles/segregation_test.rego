package isms.roles.segregation_test

import data.isms.roles.segregation

roles := {
	"ciso": {"name": "CISO", "holders": ["ana"], "active_holders": ["ana"]},
	"auditor": {"name": "Auditor", "holders": ["ivo"], "active_holders": ["ivo"]},
}

deny_for(settings, people) := denials if {
	denials := segregation.deny with input as {"roles": roles, "people": people, "settings": settings}
}

people := {"ana": {"name": "Ana", "index": 0, "active": true, "roles": ["ciso"]}, "ivo": {"name": "Ivo", "index": 1, "active": true, "roles": ["auditor"]}}

test_filled_and_segregated_roles_pass if {
	count(deny_for({"conflicting_roles": [["ciso", "auditor"]]}, people)) == 0
}

test_vacant_role_is_denied if {
	vacant := object.union(roles, {"dpo": {"name": "DPO", "holders": ["old"], "active_holders": []}})
	denials := segregation.deny with input as {"roles": vacant, "people": people, "settings": {"conflicting_roles": []}}
	some d in denials
	d.config == "roles.dpo"
	not d.todo
}

test_a_role_given_to_nobody_is_one_to_do if {
	vacant := object.union(roles, {"dpo": {"name": "DPO", "holders": [], "active_holders": []}})
	denials := segregation.deny with input as {"roles": vacant, "people": people, "settings": {"conflicting_roles": []}}
	[d | some d in denials] == [{"msg": "the role dpo (DPO) is held by nobody: say who holds it (a [[person]] with roles = [\"dpo\"])", "config": "roles.dpo", "todo": true}]
}

test_required_roles_narrow_the_check if {
	vacant := object.union(roles, {"dpo": {"name": "DPO", "holders": [], "active_holders": []}})
	denials := segregation.deny with input as {"roles": vacant, "people": people, "settings": {"conflicting_roles": [], "required_roles": ["ciso"]}}
	count(denials) == 0
}

test_conflicting_roles_held_by_one_person if {
	both := object.union(people, {"ana": {"name": "Ana", "index": 0, "active": true, "roles": ["ciso", "auditor"]}})
	some d in deny_for({"conflicting_roles": [["ciso", "auditor"]]}, both)
	d.config == "person.0.roles"
}
