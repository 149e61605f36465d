# METADATA
# title: Every SoA entry is justified, owned and has a status
# description: >-
#   For each control the Statement of Applicability states whether it is
#   applicable and why (the justification for inclusion or exclusion,
#   6.1.3 d), and for applicable controls who owns it and how far it is
#   implemented. An excluded control cannot also be implemented. That the
#   owner is an active person is checked by ISMS-ROLE-002.
# custom:
#   id: ISMS-SOA-002
#   clauses: ["6.1.3"]
#   remediation: >-
#     Fill in the justification, and for applicable controls the owner and the
#     implementation status.
package isms.soa.entries

entry(c, field, msg) := {
	"msg": sprintf("%s: %s", [c.id, msg]),
	"register": "soa",
	"record": c.id,
	"field": field,
}

deny contains entry(c, "justification", "no justification for including or excluding the control") if {
	some c in input.registers.soa
	not c.justification
}

# Owners and statuses are asked of every applicable entry of a SoA that
# records them; a SoA that records none has no such column to fill.
deny contains entry(c, "owner", "an applicable control has no owner") if {
	records("owner")
	some c in input.registers.soa
	c.applicable
	not c.owner
}

deny contains entry(c, "status", "an applicable control has no implementation status") if {
	records("status")
	some c in input.registers.soa
	c.applicable
	not c.status
}

records(field) if {
	some c in input.registers.soa
	c[field]
}

deny contains entry(c, "status", "an applicable control is marked not-applicable") if {
	some c in input.registers.soa
	c.applicable
	c.status == "not-applicable"
}

deny contains entry(c, "status", sprintf("an excluded control is marked %s", [c.status])) if {
	some c in input.registers.soa
	c.applicable == false
	c.status
	# Excluded and not implemented (`Implemented: No`) agree.
	not c.status in {"not-applicable", "not-started"}
}
