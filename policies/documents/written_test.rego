package isms.documents.written_test

import data.isms.documents.written

deny_for(docs, scope_prompt) := denials if {
	denials := written.deny with input as {"documents": docs, "organisation": {"scope": "x", "scope_is_prompt": scope_prompt}}
}

test_written_documents_pass if {
	count(deny_for([{"id": "P", "type": "procedure", "prompts": []}], false)) == 0
}

test_one_finding_per_document_at_its_first_prompt if {
	denials := deny_for([{"id": "POL-001", "type": "information-security-policy", "prompts": [{"line": 12, "text": "State the purpose."}, {"line": 20, "text": "Set out the objectives (6.2)."}]}], false)
	count(denials) == 1
	some d in denials
	d.line == 12
	d.msg == "the information security policy is still a template: \"State the purpose.\" and 1 more instructions or blanks are left as written"
}

test_a_scope_line_that_is_a_prompt if {
	some d in deny_for([], true)
	d.config == "organisation.scope"
}
