package isms.assets.inventory_test

import data.isms.assets.inventory

test_an_empty_register if {
	count(inventory.deny) == 1 with input as {"register_files": {"assets": ["a.csv"]}, "registers": {"assets": [], "soa": []}}
}

test_none_while_a_5_9_applies if {
	some d in inventory.deny with input as {"register_files": {}, "registers": {"assets": [], "soa": [{"id": "A.5.9", "applicable": true}]}}
	d.record == "A.5.9"
}

test_none_and_no_soa_says_so if {
	count(inventory.deny) == 0 with input as {"register_files": {}, "registers": {"assets": [], "soa": []}}
}

test_kept if {
	count(inventory.deny) == 0 with input as {"register_files": {"assets": ["a.csv"]}, "registers": {"assets": [{"id": "AS-1"}], "soa": []}}
}
