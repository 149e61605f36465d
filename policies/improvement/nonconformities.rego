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

open(f) if not object.get(f, "status", "open") in data.isms.vocabulary.finished.findings

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

deny contains finding(f, field, sprintf("closed without %s", [replace(field, "_", " ")])) if {
	some f in input.registers.findings
	nonconformity(f)
	not open(f)
	some field in ["root_cause", "corrective_action", "verified_by", "verified_on"]
	not f[field]
}

deny contains finding(f, "verified_by", "the effectiveness check was done by the owner of the corrective action") if {
	some f in input.registers.findings
	not open(f)
	some p in input.refs[f.verified_by].people
	p in input.refs[f.owner].people
}
