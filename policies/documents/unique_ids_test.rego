package isms.documents.unique_ids_test

import data.isms.documents.unique_ids

test_unique_document_ids_pass if {
	count(unique_ids.deny) == 0 with input as {"documents": [{"id": "POL-1", "path": "a.md"}, {"id": "POL-2", "path": "b.md"}]}
}

test_a_shadow_policy_is_reported_at_the_later_document if {
	denials := unique_ids.deny with input as {"documents": [
		{"id": "POL-1", "path": "docs/policy.md"},
		{"id": "POL-2", "path": "docs/other.md"},
		{"id": "POL-1", "path": "docs/shadow.md"},
	]}
	count(denials) == 1
	some d in denials
	d.document == "docs/shadow.md"
	d.key == "id"
	d.msg == "document id POL-1 is used by docs/policy.md and by docs/shadow.md"
}
