# METADATA
# title: Every owner and approver is an active person
# description: >-
#   Clause 5.3 requires responsibilities and authorities to be assigned, and
#   A.5.2 that they are allocated to people. Every `owner`, `approved_by`,
#   `accepted_by` and `verified_by` in the registers and in document front
#   matter must name a person or role declared in isms.toml, and resolve to
#   at least one active person: an owner who left, or a role nobody holds,
#   owns nothing. A role isms.toml gives to nobody at all is one to-do of
#   ISMS-ROLE-001, not a finding at every record naming it. Risk owners and acceptances, the policy's and the scope's
#   approvers are judged by their own, stricter rules (ISMS-RISK-001,
#   ISMS-RISK-003, ISMS-POL-002, ISMS-DOC-001) and are not repeated here.
# custom:
#   id: ISMS-ROLE-002
#   clauses: ["5.3", "7.1"]
#   controls: ["A.5.2"]
#   remediation: >-
#     Name a current person or a role held by one, or add the person or role
#     to isms.toml (and mark people who left `active = false`).
package isms.roles.accountability

fields := ["owner", "approved_by", "accepted_by", "verified_by"]

# Judged by stricter rules.
elsewhere := {["risks", "owner"], ["risks", "accepted_by"]}

strict_documents := {"information-security-policy", "scope"}

# Why a reference does not name an active person; undefined when it does.
# (Bound in rule bodies: regorus fails on an undefined call in a rule head.)
problem(ref) := sprintf("%q is not a person or role in isms.toml", [ref]) if {
	input.refs[ref].kind == "unknown"
} else := sprintf("%q is a person who is no longer active", [ref]) if {
	input.refs[ref].kind == "person"
	count(input.refs[ref].active_people) == 0
} else := sprintf("no active person holds the role %q", [ref]) if {
	input.refs[ref].kind == "role"
	count(input.refs[ref].people) > 0
	count(input.refs[ref].active_people) == 0
}

deny contains {
	"msg": sprintf("%s %s: %s %s", [name, r.id, replace(field, "_", " "), why]),
	"register": name,
	"record": r.id,
	"field": field,
} if {
	some [name, field] in walked
	records := input.registers[name]
	# Each reference a register holds is judged once, however many records
	# share it; only one found wanting sends the rule back to its records.
	[judged, held] := [wrong, {r[field] | some r in records}]
	some ref, why in judged
	ref in held
	is_string(ref)
	some r in records
	r[field] == ref
}

# The registers and fields walked: only registers whose records can hold
# the field.
walked contains [name, field] if {
	some name, _ in input.registers
	some field in fields
	not [name, field] in elsewhere
	field in data.isms.vocabulary.fields[name]
}

# What is wrong with each reference that is wrong, worked out once per
# reference rather than per record that uses it.
wrong := {ref: why | some ref, _ in input.refs; why := problem(ref)}

deny contains {
	"msg": sprintf("document %s: %s %s", [d.id, replace(field, "_", " "), why]),
	"document": d.id,
	"key": field,
} if {
	some d in input.documents
	some field in ["owner", "approved_by"]
	is_string(d[field])
	not strict(d, field)
	why := wrong[d[field]]
}

strict(d, "approved_by") if d.type in strict_documents
