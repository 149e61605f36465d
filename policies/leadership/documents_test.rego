package isms.leadership.documents_test

import data.isms.leadership.documents

people := {"ceo": {"top_management": true}, "ciso": {"top_management": false}}

refs := {"ceo": {"active_people": ["ceo"]}, "ciso": {"active_people": ["ciso"]}}

scope := {"id": "S", "type": "scope", "approved_by": "ceo"}

deny_for(docs) := denials if {
	denials := documents.deny with input as {"now": "2026-11-27", "people": people, "refs": refs, "documents": docs}
}

test_approved_scope_and_current_policy_pass if {
	count(deny_for([scope, {"id": "P", "type": "topic-specific-policy", "owner": "ciso", "approved_by": "ciso", "next_review": "2027-01-01"}])) == 0
}

test_missing_scope if {
	some d in deny_for([])
	d.config == "organisation"
}

test_scope_approved_below_top_management if {
	some d in deny_for([object.union(scope, {"approved_by": "ciso"})])
	d.key == "approved_by"
}

test_incomplete_and_overdue_policy if {
	keys := {d.key | some d in deny_for([scope, {"id": "P", "type": "topic-specific-policy", "next_review": "2026-11-26"}])}
	keys == {"owner", "approved_by", "next_review"}
}
