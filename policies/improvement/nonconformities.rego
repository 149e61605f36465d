# METADATA
# title: Nonconformities are corrected on time and closed with evidence
# description: >-
#   Clause 10.2: each nonconformity has an owner and a due date for its
#   corrective action; an open one past its due date is overdue; a closed one
#   records the root cause, the corrective action and an effectiveness check
#   by someone other than its owner.
# custom:
#   id: ISMS-NC-001
#   clauses: ["10.2"]
#   remediation: >-
#     Complete the corrective action (or agree a new due date), and when
#     closing record root_cause, corrective_action, verified_by and
#     verified_on.
package isms.improvement.nonconformities

import data.isms.lib.dates

finding(f, field, msg) := {"msg": sprintf("%s: %s", [f.id, msg]), "register": "findings", "record": f.id, "field": field}

# Open: its status says so; a register without a status column closes a
# finding by its closing date.
open(f) if {
	f.status
	not f.status in data.isms.vocabulary.finished.findings
}

open(f) if {
	not f.status
	not f.closed_on
}

# Observations and opportunities for improvement are not nonconformities.
nonconformity(f) if not f.type in {"observation", "opportunity"}

deny contains finding(f, "due_on", "no due date for the corrective action") if {
	some f in input.registers.findings
	nonconformity(f)
	open(f)
	not f.due_on
}

deny contains finding(f, "due_on", sprintf("overdue: the corrective action was due on %s", [f.due_on])) if {
	some f in input.registers.findings
	nonconformity(f)
	open(f)
	dates.before_now(f.due_on)
}

# A closed nonconformity states its root cause and corrective action (where
# the register records them) and the check of the action's effectiveness
# (10.2 d): who checked it, when, or that it was: one finding naming all
# it lacks.
deny contains finding(f, first, sprintf("closed without %s", [concat(" and without ", missing)])) if {
	some f in input.registers.findings
	nonconformity(f)
	not open(f)
	lacking := [[k, why] | some [k, why] in closure; records(k); not closed_with(f, k)]
	count(lacking) > 0
	missing := [why | some [_, why] in lacking]
	first := lacking[0][0]
}

closure := [
	["root_cause", "a root cause"],
	["corrective_action", "a corrective action"],
	["verified_by", "an effectiveness check"],
]

closed_with(f, "verified_by") if f.verified_by

closed_with(f, "verified_by") if f.verified_on

closed_with(f, "verified_by") if f.verified == true

closed_with(f, k) if {
	k != "verified_by"
	f[k]
}

# The register records this for some finding (an effectiveness check:
# by whom, when, or a yes/no).
records(k) if {
	some f in input.registers.findings
	closed_with(f, k)
}

records("verified_by") if {
	some f in input.registers.findings
	object.get(f, "verified", null) == false
}

deny contains finding(f, "verified_by", "the effectiveness check was done by the owner of the corrective action") if {
	some f in input.registers.findings
	not open(f)
	some p in input.refs[f.verified_by].people
	p in input.refs[f.owner].people
}
