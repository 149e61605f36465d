package isms.registers.unique_ids_test

import data.isms.registers.unique_ids

test_unique_ids_pass if {
	count(unique_ids.deny) == 0 with input as {"registers": {"risks": [{"id": "R-1"}, {"id": "R-2"}], "assets": [{"id": "R-1"}]}}
}

test_duplicates_point_at_later_records if {
	denials := unique_ids.deny with input as {"registers": {"risks": [{"id": "R-1"}, {"id": "R-2"}, {"id": "R-1"}], "assets": []}}
	count(denials) == 1
	some d in denials
	d.index == 2
	d.register == "risks"
	d.msg == "risks id R-1 is used more than once (also by entry 1)"
}

test_soa_is_left_to_its_own_rule if {
	count(unique_ids.deny) == 0 with input as {"registers": {"soa": [{"id": "A.5.1"}, {"id": "A.5.1"}]}}
}

test_three_records_with_one_id if {
	denials := unique_ids.deny with input as {"registers": {"assets": [{"id": "A"}, {"id": "B"}, {"id": "A"}, {"id": "A"}]}}
	{d.index | some d in denials} == {2, 3}
}
