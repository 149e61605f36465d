package isms.supplier.assessment_test

import data.isms.supplier.assessment

deny_for(record) := denials if {
	row := object.union({"id": "SUP-1", "name": "Acme Hosting"}, record)
	denials := assessment.deny with input as {"now": "2026-12-06", "settings": {"supplier_review_interval_months": 12}, "registers": {"suppliers": [row]}}
}

test_a_past_next_assessment_is_overdue if {
	denials := deny_for({"last_assessed": "2025-06-30", "next_assessment": "2026-06-30"})
	count(denials) == 1
	some d in denials
	d.record == "SUP-1"
	d.field == "next_assessment"
	d.msg == "supplier Acme Hosting: its next assessment was due on 2026-06-30 and is overdue"
}

test_a_future_next_assessment_passes_however_old_the_last if {
	count(deny_for({"last_assessed": "2024-01-10", "next_assessment": "2027-01-10"})) == 0
}

test_an_old_assessment_without_a_next_date_is_overdue if {
	denials := deny_for({"last_assessed": "2025-11-01"})
	{d.field | some d in denials} == {"last_assessed"}
	{d.msg | some d in denials} == {"supplier Acme Hosting: last assessed on 2025-11-01, more than 12 months ago, and no next assessment is planned"}
}

test_a_recent_assessment_without_a_next_date_passes if {
	count(deny_for({"last_assessed": "2026-01-15"})) == 0
}

test_the_interval_is_the_configured_one if {
	denials := assessment.deny with input as {"now": "2026-12-06", "settings": {"supplier_review_interval_months": 6}, "registers": {"suppliers": [{"id": "SUP-1", "name": "Acme", "last_assessed": "2026-03-01"}]}}
	count(denials) == 1
}

test_a_next_assessment_in_words_is_a_plan if {
	count(deny_for({"last_assessed": "2024-01-10", "extra": {"next_assessment": "on renewal"}})) == 0
}

test_no_dates_raise_nothing if {
	count(deny_for({})) == 0
}

test_an_offboarded_supplier_raises_nothing if {
	count(deny_for({"status": "offboarded", "last_assessed": "2023-01-10", "next_assessment": "2024-01-10"})) == 0
}

# A low or medium supplier with no next date follows its own cadence (a
# policy reviewing low-risk vendors only at onboarding): not judged by the
# interval. A high or critical one is.
test_a_low_supplier_without_a_next_date_is_not_judged_by_the_interval if {
	count(deny_for({"last_assessed": "2024-08-01", "criticality": "low"})) == 0
	count(deny_for({"last_assessed": "2024-08-01", "criticality": "medium"})) == 0
	count(deny_for({"last_assessed": "2024-08-01", "criticality": "high"})) == 1
}
