package isms.risk.assessed_test

import data.isms.risk.assessed

test_an_empty_register_is_an_error if {
	some d in assessed.deny with input as {"register_files": {"risks": ["r.csv"]}, "registers": {"risks": []}}
	d.register == "risks"
}

test_no_register_is_a_warning if {
	count(assessed.deny) == 0 with input as {"register_files": {}, "registers": {"risks": []}}
	count(assessed.warn) == 1 with input as {"register_files": {}, "registers": {"risks": []}}
}

test_assessed_risks_pass if {
	count(assessed.deny) == 0 with input as {"register_files": {"risks": ["r.csv"]}, "registers": {"risks": [{"id": "R-1"}]}}
}
