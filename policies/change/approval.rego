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

significant(c) if c.significant
significant(c) if c.category in {"architectural", "emergency"}

finding(c, field, msg) := {"msg": sprintf("change %s: %s", [c.id, msg]), "register": "changes", "record": c.id, "field": field}

deny contains finding(c, field, sprintf("a significant change has no %s", [replace(field, "_", " ")])) if {
	some c in input.registers.changes
	significant(c)
	some field in ["impact_assessment", "backout_plan", "approved_by"]
	not c[field]
}

deny contains finding(c, "approved_by", sprintf("approved by %q, who also %s it", [c.approved_by, verb])) if {
	some c in input.registers.changes
	some field, verb in {"implemented_by": "implemented", "requested_by": "requested"}
	some p in input.refs[c.approved_by].people
	p in input.refs[c[field]].people
}

deny contains finding(c, "approved_by", sprintf("an architectural change approved by %q, who is not in top management", [c.approved_by])) if {
	some c in input.registers.changes
	c.category == "architectural"
	c.approved_by
	not people.top_management(c.approved_by)
	not people.undecided(c.approved_by)
}
