package isms.documents.links_test

import data.isms.documents.links

test_a_link_that_leads_nowhere if {
	denials := links.deny with input as {"documents": [{"id": "IR", "broken_links": [{"line": 24, "target": "bcp.md"}]}, {"id": "OK", "broken_links": []}]}
	[d | some d in denials] == [{"msg": "document IR links to bcp.md, which is not in the repository", "document": "IR", "line": 24}]
}
