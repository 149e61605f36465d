# METADATA
# title: Objectives and improvement actions are owned, dated and measured
# description: >-
#   Information security objectives (6.2) are measurable (a measure or a
#   target) and say when they will be achieved; improvement actions (10.1)
#   have a target date and a status. What a record lacks is one finding;
#   those still open after their date are flagged as overdue.
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

# What each kind must state (6.2: measurable, when; 10.1: when, where it
# stands), and how a finding names what is missing.
needs := {
	"objectives": [["measure", "a measure or target"], ["due_on", "a due date"]],
	"improvements": [["due_on", "a due date"], ["status", "a status"]],
}

stated(x, "measure") if x.measure

stated(x, "measure") if x.target

stated(x, field) if {
	field != "measure"
	x[field]
}

# A recurring or ongoing commitment (`Quarterly`, `Ongoing`) states when.
stated(x, "due_on") if x.extra.due_on

deny contains {"msg": sprintf("%s %s states no %s", [item[kind], x.id, concat(" and no ", missing)]), "register": kind, "record": x.id, "field": first} if {
	some [kind, x] in items
	lacking := [need | some need in needs[kind]; not stated(x, need[0])]
	count(lacking) > 0
	missing := [trim_prefix(trim_prefix(n[1], "a "), "an ") | some n in lacking]
	first := lacking[0][0]
}

item := {"objectives": "objective", "improvements": "improvement"}

# Objectives listed in a document about them: one that states neither a
# measure nor when it is due (nor who owns it) is an aim, not an
# objective of 6.2.
deny contains {
	"msg": sprintf("document %s lists the objective %q with no measure, owner or date", [d.id, o.text]),
	"document": d.id,
	"line": o.line,
} if {
	some d in input.documents
	some o in object.get(d, "listed_objectives", [])
	not o.measure
	not o.when
	not o.owner
}

warn contains {"msg": sprintf("%s %s is overdue: due on %s, %s", [item[kind], x.id, x.due_on, standing(x)]), "register": kind, "record": x.id, "field": "due_on"} if {
	some [kind, x] in items
	records_status(kind)
	not x.status in data.isms.vocabulary.finished[kind]
	dates.before_now(x.due_on)
}

# Only a register that records where its items stand can say one is
# still open.
records_status(kind) if {
	some x in input.registers[kind]
	x.status
}

standing(x) := sprintf("still %s", [x.status]) if x.status

standing(x) := "not marked achieved or done" if not x.status
