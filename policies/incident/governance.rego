# METADATA
# title: Incidents are escalated, reviewed and rehearsed
# description: >-
#   Controls A.5.24–A.5.28 and A.6.8: a high or critical incident is
#   escalated to management within `rules.escalation_hours` (24 by default)
#   of its detection (when the register records escalation); no incident
#   stays open or contained three months after its detection; once closed,
#   its lessons learned are kept, or the post-incident report that holds
#   them (A.5.27); and the response is rehearsed: an exercise (`type =
#   "exercise"`) within the last 12 months.
# custom:
#   id: ISMS-INC-001
#   clauses: ["6.1.1", "10.2"]
#   controls: ["A.5.24", "A.5.25", "A.5.26", "A.5.27"]
#   remediation: >-
#     Record when and to whom the incident was escalated, attach the
#     post-incident report and lessons learned, and hold a tabletop exercise.
package isms.incident.governance

import data.isms.lib.dates

ns(t) := time.parse_ns("2006-01-02T15:04:05", t)

hours := input.settings.escalation_hours

major(i) if {
	object.get(i, "type", "incident") == "incident"
	i.severity in {"high", "critical"}
}

finding(i, field, msg) := {"msg": sprintf("incident %s: %s", [i.id, msg]), "register": "incidents", "record": i.id, "field": field}

deny contains finding(i, "escalated_at", sprintf("a %s incident was not escalated to management", [i.severity])) if {
	escalation_recorded
	some i in input.registers.incidents
	major(i)
	not i.escalated_at
}

# Whether the register records escalation at all: a log with no such
# column says nothing of it (the escalation is then evidenced elsewhere,
# in minutes or mail, for the auditor to ask), rather than that none
# happened.
escalation_recorded if {
	some i in input.registers.incidents
	i.escalated_at
}

# An incident left open: still open or contained three months after it
# was detected (A.5.26: incidents are responded to, to their closure).
deny contains finding(i, "status", sprintf("still %s more than three months after it was detected on %s: resolve and close it, or record why it stays open", [i.status, substring(i.detected_at, 0, 10)])) if {
	some i in input.registers.incidents
	object.get(i, "type", "incident") == "incident"
	i.status in {"open", "contained"}
	not i.closed_on
	dates.older_than_months(substring(i.detected_at, 0, 10), 3)
}

deny contains finding(i, "escalated_at", sprintf("escalated %s, more than %d hours after detection at %s", [i.escalated_at, hours, i.detected_at])) if {
	some i in input.registers.incidents
	major(i)
	ns(i.escalated_at) - ns(i.detected_at) > hours * 3600000000000
}

# A closed major incident was learnt from (A.5.27): its lessons, or the
# post-incident report that holds them, are kept. One finding when
# neither is: a report named by its reference stands for its lessons.
deny contains finding(i, "lessons_learned", sprintf("a closed %s incident records no lessons learned: neither its lessons nor a post-incident report is kept", [i.severity])) if {
	some i in input.registers.incidents
	major(i)
	closed(i)
	not i.post_incident_report
	not i.lessons_learned
}

# Closed by its status, or, where the register keeps no status, by the
# date it was closed.
closed(i) if i.status == "closed"

closed(i) if {
	not i.status
	i.closed_on
}

exercises := [e | some e in input.registers.incidents; e.type == "exercise"; not dates.older_than_months(substring(e.detected_at, 0, 10), 12)]

# The response is rehearsed by an exercise, or shown by incidents handled
# in the last 12 months.
handled := [i | some i in input.registers.incidents; object.get(i, "type", "incident") == "incident"; not dates.older_than_months(substring(i.detected_at, 0, 10), 12)]

warn contains {
	"msg": "no incident response exercise and no incident handled in the last 12 months: record an exercise in the incidents register with type \"exercise\"",
	"register": "incidents",
} if {
	input.register_files.incidents
	count(exercises) == 0
	count(handled) == 0
}
