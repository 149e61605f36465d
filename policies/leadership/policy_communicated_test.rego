package isms.leadership.policy_communicated_test

import data.isms.leadership.policy_communicated

policy := {"id": "POL-001", "type": "information-security-policy", "approved_on": "2026-03-01"}

deny_for(records) := denials if {
	denials := policy_communicated.deny with input as {
	"documents": [policy, {"id": "TSP-1", "type": "topic-specific-policy", "approved_on": "2026-05-01"}],
	"registers": {"training": records},
	"register_files": {"training": ["t.csv"]},
}
}

test_acknowledged_on_approval_day_passes if {
	count(deny_for([{"type": "acknowledgement", "document": "POL-001", "completed_on": "2026-03-01"}])) == 0
}

test_communication_record_counts if {
	count(deny_for([{"type": "communication", "document": "POL-001", "completed_on": "2026-04-10"}])) == 0
}

test_uncommunicated_policy_is_denied_at_its_approval_date if {
	denials := deny_for([])
	count(denials) == 1
	some d in denials
	d.document == "POL-001"
	d.key == "approved_on"
}

test_earlier_version_other_document_and_awareness_do_not_count if {
	count(deny_for([
		{"type": "acknowledgement", "document": "POL-001", "completed_on": "2026-02-28"},
		{"type": "acknowledgement", "document": "TSP-1", "completed_on": "2026-06-01"},
		{"type": "awareness", "document": "POL-001", "completed_on": "2026-06-01"},
	])) == 1
}
