package isms.awareness.evidence_test

import data.isms.awareness.evidence

# A register whose other record (T-0) references its evidence.
deny_for(record) := denials if {
	row := object.union({"id": "T-1", "person": "ana", "course": "Awareness 2026"}, record)
	other := {"id": "T-0", "person": "ivo", "course": "Awareness 2026", "evidence": "lms/export-2026-02.csv"}
	denials := evidence.deny with input as {"registers": {"training": [other, row]}}
}

test_record_with_evidence_passes if {
	count(deny_for({"evidence": "lms/export-2026-03.csv"})) == 0
}

test_record_without_evidence_is_denied_at_evidence if {
	denials := deny_for({})
	count(denials) == 1
	some d in denials
	d.record == "T-1"
	d.field == "evidence"
	d.msg == "training record T-1 (ana, Awareness 2026) references no evidence"
}

test_blank_evidence_is_denied if {
	count(deny_for({"evidence": "  "})) == 1
}

# A log that references no evidence for any record is the evidence itself.
test_a_log_is_its_own_evidence if {
	count(evidence.deny) == 0 with input as {"registers": {"training": [{"id": "line 2", "person": "E1002", "course": "Refresher"}]}}
}
