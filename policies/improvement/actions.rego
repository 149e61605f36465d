# METADATA
# title: Objectives and improvement actions are owned, dated and measured
# description: >-
#   Information security objectives (6.2) and improvement actions (10.1)
#   each have a target date, a status and a measure of success; those still
#   open after their date are flagged as overdue.
# custom:
#   id: ISMS-IMP-001
#   clauses: ["6.2", "10.1"]
#   remediation: >-
#     Add the due date, status and measure; for overdue items, update the
#     status or agree a new date.
package isms.improvement.actions

import data.isms.lib.dates

items contains [kind, x] if {
	some kind in ["objectives", "improvements"]
	some x in input.registers[kind]
}

deny contains {"msg": sprintf("%s has no %s", [x.id, replace(field, "_", " ")]), "register": kind, "record": x.id, "field": field} if {
	some [kind, x] in items
	some field in ["due_on", "status", "measure"]
	not x[field]
}

warn contains {"msg": sprintf("%s is overdue: due on %s, still %s", [x.id, x.due_on, x.status]), "register": kind, "record": x.id, "field": "due_on"} if {
	some [kind, x] in items
	not x.status in data.isms.vocabulary.finished[kind]
	dates.before_now(x.due_on)
}
