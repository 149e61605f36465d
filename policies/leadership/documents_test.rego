package isms.leadership.documents_test

import data.isms.leadership.documents

people := {"ceo": {"top_management": true}, "ciso": {"top_management": false}}

refs := {"ceo": {"active_people": ["ceo"]}, "ciso": {"active_people": ["ciso"]}}

scope := {"id": "S", "type": "scope", "approved_by": "ceo"}

deny_for(docs) := deny_governed(docs, [])

deny_governed(docs, covers) := denials if {
	denials := documents.deny with input as {"now": "2026-11-27", "people": people, "refs": refs, "documents": docs, "approvals": [{"covers": covers}]}
}

test_approved_scope_and_current_policy_pass if {
	count(deny_for([scope, {"id": "P", "path": "p.md", "type": "topic-specific-policy", "owner": "ciso", "approved_by": "ciso", "next_review": "2027-01-01"}])) == 0
}

test_missing_scope if {
	some d in deny_for([])
	d.config == "organisation"
}

test_scope_approved_below_top_management if {
	some d in deny_for([object.union(scope, {"approved_by": "ciso"})])
	d.key == "approved_by"
}

test_a_policy_without_approval_and_past_its_review if {
	denials := deny_for([scope, {"id": "P", "path": "p.md", "type": "topic-specific-policy", "next_review": "2026-11-26"}])
	msgs := {d.msg | some d in denials}
	msgs == {"topic-specific policy P states no approval", "topic-specific policy P was due for review on 2026-11-26"}
}

# A draft is not in force: it needs no approval until it is published.
test_a_draft_is_not_asked_for_approval if {
	count(deny_for([scope, {"id": "P", "path": "p.md", "type": "procedure", "status": "draft"}])) == 0
}

test_a_procedure_needs_its_approval_only if {
	denials := deny_for([scope, {"id": "PR", "path": "pr.md", "type": "procedure"}, {"id": "R", "path": "r.md", "type": "record"}, {"id": "O", "path": "o.md", "type": "other"}])
	{d.msg | some d in denials} == {"procedure PR states no approval"}
}

test_a_governed_document_is_approved_by_its_rule if {
	count(deny_governed([scope, {"id": "PR", "path": "pr.md", "type": "procedure"}], ["pr.md"])) == 0
}

test_a_scope_with_no_recorded_approval if {
	denials := deny_for([{"id": "S", "path": "s.md", "type": "scope"}])
	{d.msg | some d in denials} == {"the ISMS scope S records no approval"}
}

test_a_scope_whose_status_says_approved_names_no_approver_and_passes if {
	count(deny_for([{"id": "S", "path": "s.md", "type": "scope", "status": "approved"}])) == 0
}

test_a_procedure_dated_approved_names_no_approver_and_passes if {
	denials := deny_for([{"id": "S", "path": "s.md", "type": "scope", "approved_by": "ceo"}, {"id": "P", "path": "p.md", "type": "procedure", "owner": "o", "approved_on": "2026-06-02", "next_review": "2027-06-02"}])
	count([d | some d in denials; d.document == "P"]) == 0
}
