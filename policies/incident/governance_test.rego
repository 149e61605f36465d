package isms.incident.governance_test

import data.isms.incident.governance

exercise := {"id": "EX-1", "type": "exercise", "severity": "critical", "detected_at": "2026-08-20T10:00:00"}

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
	fields(deny_for({"severity": "critical", "status": "open"})) == {"escalated_at"}
}

test_late_escalation if {
	some d in deny_for({"severity": "high", "escalated_at": "2026-05-15T16:41:00"})
	contains(d.msg, "more than 24 hours")
}

test_closed_without_review if {
	fields(deny_for({"severity": "high", "escalated_at": "2026-05-14T17:00:00", "status": "closed"})) == {"post_incident_report", "lessons_learned"}
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
