package isms.supplier.agreements_test

import data.isms.supplier.agreements

deny_for(record) := denials if {
	row := object.union({"id": "SUP-1", "name": "Acme Hosting"}, record)
	denials := agreements.deny with input as {"registers": {"suppliers": [row]}}
}

test_a_critical_supplier_without_clauses_is_denied if {
	denials := deny_for({"criticality": "critical", "security_clauses": false})
	count(denials) == 1
	some d in denials
	d.record == "SUP-1"
	d.field == "security_clauses"
	d.msg == "supplier Acme Hosting (rated critical) has no security clauses in its agreement"
}

test_a_supplier_of_personal_data_without_clauses_is_denied if {
	{d.msg | some d in deny_for({"criticality": "low", "data": "Customer personal data", "security_clauses": false})} == {"supplier Acme Hosting (handles Customer personal data) has no security clauses in its agreement"}
}

test_both_grounds_are_one_finding if {
	count(deny_for({"criticality": "high", "data": "Employee records", "security_clauses": false})) == 1
}

test_a_critical_supplier_with_clauses_passes if {
	count(deny_for({"criticality": "critical", "security_clauses": true})) == 0
}

test_a_low_supplier_of_no_personal_data_needs_none if {
	count(deny_for({"criticality": "low", "data": "No personal data", "security_clauses": false})) == 0
	count(deny_for({"criticality": "medium", "security_clauses": false})) == 0
}

test_unrecorded_clauses_raise_nothing if {
	count(deny_for({"criticality": "critical"})) == 0
}

test_an_offboarded_supplier_raises_nothing if {
	count(deny_for({"criticality": "critical", "security_clauses": false, "status": "offboarded"})) == 0
}
