package isms.awareness.evidence_test

import data.isms.awareness.evidence

deny_for(record) := denials if {
	row := object.union({"id": "T-1", "person": "ana", "course": "Awareness 2026"}, record)
	denials := evidence.deny with input as {"registers": {"training": [row]}}
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
