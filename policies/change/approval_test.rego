package isms.change.approval_test

import data.isms.change.approval

people := {"cto": {"top_management": true}, "ciso": {"top_management": false}, "dev": {"top_management": false}}

refs := {
	"cto": {"people": ["cto"], "active_people": ["cto"]},
	"ciso": {"people": ["ciso"], "active_people": ["ciso"]},
	"dev": {"people": ["dev"], "active_people": ["dev"]},
	"Engineer": {"people": ["dev"], "active_people": ["dev"]},
}

deny_for(change) := denials if {
	denials := approval.deny with input as {"people": people, "refs": refs, "registers": {"changes": [object.union({"id": "C-1", "implemented_by": "dev"}, change)]}}
}

fields(denials) := {d.field | some d in denials}

full := {"significant": true, "impact_assessment": "x", "backout_plan": "y", "approved_by": "ciso"}

test_assessed_and_approved_change_passes if {
	count(deny_for(full)) == 0
}

test_minor_change_needs_nothing if {
	count(deny_for({"significant": false})) == 0
}

test_significant_change_without_assessment if {
	fields(deny_for({"significant": true})) == {"impact_assessment", "backout_plan", "approved_by"}
}

test_implementer_cannot_approve if {
	some d in deny_for(object.union(full, {"approved_by": "Engineer"}))
	contains(d.msg, "also implemented it")
}

test_architectural_change_needs_top_management if {
	fields(deny_for(object.union(full, {"category": "architectural"}))) == {"approved_by"}
	count(deny_for(object.union(full, {"category": "architectural", "approved_by": "cto"}))) == 0
}

test_requester_cannot_approve if {
	denials := deny_for(object.union(full, {"requested_by": "ciso"}))
	count(denials) == 1
	some d in denials
	d.msg == "change C-1: approved by \"ciso\", who also requested it"
}
