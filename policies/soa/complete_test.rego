package isms.soa.complete_test

import data.isms.soa.complete

annex := ["A.5.1", "A.5.2", "A.8.34"]

deny_for(rows) := denials if {
	denials := complete.deny with input as {"annex_a": annex, "registers": {"soa": rows}}
}

test_all_controls_once_passes if {
	count(deny_for([{"id": "A.5.1"}, {"id": "A.5.2"}, {"id": "A.8.34"}])) == 0
}

test_missing_controls_are_listed_in_one_finding if {
	denials := deny_for([{"id": "A.5.2"}])
	count(denials) == 1
	some d in denials
	d.msg == "the Statement of Applicability lacks 2 of the 3 Annex A controls: A.5.1, A.8.34"
}

test_no_soa_at_all if {
	some d in deny_for([])
	d.config == "organisation"
}

test_duplicate_points_at_the_later_entries if {
	denials := deny_for([{"id": "A.5.1"}, {"id": "A.5.2"}, {"id": "A.5.1"}, {"id": "A.8.34"}, {"id": "A.5.1"}])
	indexes := {d.index | some d in denials}
	indexes == {2, 4}
}

# A row said as malformed (its control read from its first cell) is not
# said missing again.
test_an_unread_row_is_not_also_missing if {
	denials := complete.deny with input as {"annex_a": annex, "registers": {"soa": [{"id": "A.5.2"}]}, "unread_controls": ["A.5.1"]}
	{d.msg | some d in denials} == {"the Statement of Applicability lacks 1 of the 3 Annex A controls: A.8.34"}
}
