# METADATA
# title: Significant changes are assessed and approved by someone else
# description: >-
#   Changes to the ISMS are carried out in a planned manner (6.3) and
#   changes to systems are controlled (A.8.32). A significant change (marked
#   `significant`, or of category `architectural` or `emergency`) records a
#   security impact assessment and a back-out plan, and is approved by
#   someone who did not implement it. No change is approved by its own
#   requester or implementer. An architectural change is approved by top
#   management.
# custom:
#   id: ISMS-CHG-001
#   clauses: ["6.3"]
#   controls: ["A.8.32"]
#   remediation: >-
#     Record the impact assessment and back-out plan, and have someone other
#     than the requester and the implementer (top management, for
#     architectural changes) approve the change.
package isms.change.approval

import data.isms.lib.people

# (No function takes a change: regorus remembers each call by its
# arguments, and comparing whole records made the rule quadratic — 29 s on
# 5,000 changes.)
significant := {c | some c in input.registers.changes; c.significant} | {c |
	some c in input.registers.changes
	c.category in {"architectural", "emergency"}
}

deny contains {
	"msg": sprintf("change %s: a significant change has no %s", [c.id, replace(field, "_", " ")]),
	"register": "changes",
	"record": c.id,
	"field": field,
} if {
	some c in significant
	some field in ["impact_assessment", "backout_plan", "approved_by"]
	not c[field]
}

deny contains {
	"msg": sprintf("change %s: approved by %q, who also implemented it", [c.id, c.approved_by]),
	"register": "changes",
	"record": c.id,
	"field": "approved_by",
} if {
	some c in input.registers.changes
	people.share(c.approved_by, c.implemented_by)
}

deny contains {
	"msg": sprintf("change %s: approved by %q, who also requested it", [c.id, c.approved_by]),
	"register": "changes",
	"record": c.id,
	"field": "approved_by",
} if {
	some c in input.registers.changes
	people.share(c.approved_by, c.requested_by)
}

deny contains {
	"msg": sprintf("change %s: an architectural change approved by %q, who is not in top management", [c.id, c.approved_by]),
	"register": "changes",
	"record": c.id,
	"field": "approved_by",
} if {
	some c in input.registers.changes
	c.category == "architectural"
	c.approved_by
	not people.top_management(c.approved_by)
	not people.undecided(c.approved_by)
}
