package isms.incident.governance_test

import data.isms.incident.governance

exercise := {"id": "EX-1", "type": "exercise", "severity": "critical", "detected_at": "2026-08-20T10:00:00", "escalated_at": "2026-08-20T10:30:00"}

deny_for(incident) := denials if {
	denials := governance.deny with input as {
		"now": "2026-11-27",
		"settings": {"escalation_hours": 24},
		"registers": {"incidents": [exercise, object.union({"id": "INC-1", "detected_at": "2026-05-14T16:40:00"}, incident)]},
	}
}

fields(denials) := {d.field | some d in denials}

test_low_incident_needs_no_escalation if {
	count(deny_for({"severity": "low", "status": "closed"})) == 0
}

test_escalated_and_reviewed_major_incident_passes if {
	count(deny_for({"severity": "high", "escalated_at": "2026-05-15T16:40:00", "status": "closed", "post_incident_report": "pir", "lessons_learned": "x"})) == 0
}

test_unescalated_major_incident if {
	fields(deny_for({"severity": "critical", "status": "resolved"})) == {"escalated_at"}
}

test_a_log_that_records_no_escalation_is_not_read_as_none_happened if {
	denials := governance.deny with input as {
		"now": "2026-11-27",
		"settings": {"escalation_hours": 24},
		"registers": {"incidents": [{"id": "INC-1", "severity": "high", "status": "resolved", "detected_at": "2026-05-14T16:40:00"}]},
	}
	count(denials) == 0
}

test_an_incident_open_three_months_after_detection if {
	some d in deny_for({"severity": "low", "status": "open"})
	d.field == "status"
	d.msg == "incident INC-1: still open more than three months after it was detected on 2026-05-14: resolve and close it, or record why it stays open"
}

test_a_recent_open_incident_is_being_handled if {
	count(deny_for({"severity": "low", "status": "contained", "detected_at": "2026-10-01T09:00:00"})) == 0
}

test_late_escalation if {
	some d in deny_for({"severity": "high", "escalated_at": "2026-05-15T16:41:00"})
	contains(d.msg, "more than 24 hours")
}

test_closed_without_review if {
	fields(deny_for({"severity": "high", "escalated_at": "2026-05-14T17:00:00", "status": "closed"})) == {"lessons_learned"}
}

test_a_closing_date_closes_an_incident_without_a_status if {
	fields(deny_for({"severity": "high", "escalated_at": "2026-05-14T17:00:00", "closed_on": "2026-05-20"})) == {"lessons_learned"}
	count(deny_for({"severity": "high", "escalated_at": "2026-05-14T17:00:00", "closed_on": "2026-05-20", "lessons_learned": "x"})) == 0
	count(deny_for({"severity": "high", "escalated_at": "2026-05-14T17:00:00", "status": "open", "closed_on": "2026-05-20", "lessons_learned": "x"})) == 0
}

test_a_post_incident_report_stands_for_its_lessons if {
	count(deny_for({"severity": "high", "escalated_at": "2026-05-14T17:00:00", "status": "closed", "post_incident_report": "PIR-7"})) == 0
	count(deny_for({"severity": "high", "escalated_at": "2026-05-14T17:00:00", "status": "closed", "lessons_learned": "MFA everywhere"})) == 0
}

test_no_recent_exercise_is_a_warning if {
	inp := {
		"now": "2026-11-27",
		"settings": {"escalation_hours": 24},
		"register_files": {"incidents": ["i.csv"]},
		"registers": {"incidents": [object.union(exercise, {"detected_at": "2025-11-26T10:00:00"})]},
	}
	warnings := governance.warn with input as inp
	some w in warnings
	not w.record
	denials := governance.deny with input as inp
	every d in denials {
		d.record
	}
}
