# METADATA
# title: Every risk has a known owner
# description: >-
#   Clause 6.1.2 c requires a risk owner for each identified risk. The owner
#   may be named as a person (id, name, e-mail) or as a role; it must resolve
#   to at least one active person in isms.toml.
# custom:
#   id: ISMS-RISK-001
#   clauses: ["6.1.2"]
#   remediation: >-
#     Set the risk's owner to a person or role declared in isms.toml, held by
#     someone who is active.
package isms.risk.owner_known

deny contains {
	"msg": sprintf("risk %s has no owner", [r.id]),
	"register": "risks",
	"record": r.id,
	"field": "owner",
} if {
	count(owned) < count(input.registers.risks)
	some r in input.registers.risks
	not r.owner
}

deny contains {
	"msg": sprintf("risk %s is owned by %q, who is not a person or role in isms.toml", [r.id, r.owner]),
	"register": "risks",
	"record": r.id,
	"field": "owner",
} if {
	some owner in owners & unknown
	some r in input.registers.risks
	r.owner == owner
}

deny contains {
	"msg": sprintf("risk %s is owned by %q, %s", [r.id, r.owner, vacancy[ref.kind]]),
	"register": "risks",
	"record": r.id,
	"field": "owner",
} if {
	some owner in owners & vacant
	ref := input.refs[owner]
	some r in input.registers.risks
	r.owner == owner
}

# Every owner the risks name, read in one pass: each is judged once, and
# only an owner found wanting sends the rule back to its risks; a risk
# without one is looked for only when fewer owners than risks were read.
owned := [r.owner | some r in input.registers.risks; r.owner]

owners := {o | some o in owned}

# References sorted once, not looked into per record.
unknown := {ref | some ref, x in input.refs; x.kind == "unknown"}

# A role given to nobody at all is a to-do of ISMS-ROLE-001, once per
# role; a person or role whose holders all left is a finding here.
vacant := {ref | some ref, x in input.refs; x.kind != "unknown"; count(x.active_people) == 0; count(x.people) > 0}

# Why an owner owns nothing, by what the owner is.
vacancy := {"person": "who is no longer active", "role": "but no active person holds that role"}
