# METADATA
# title: The information security policy was communicated after its approval
# description: >-
#   Clause 5.2 requires the information security policy to be communicated
#   within the organisation. The training register must hold an
#   `acknowledgement` or `communication` record naming the policy in its
#   `document` field, or an awareness session (7.3 makes the policy part of
#   awareness), completed on or after the date the current version was
#   approved (`approved_on`): a record of an earlier version does not count.
#   Without a training register kept in the ISMS there is nothing to judge.
# custom:
#   id: ISMS-POL-005
#   clauses: ["5.2", "7.4"]
#   controls: ["A.5.1"]
#   remediation: >-
#     Communicate the approved policy (all-staff e-mail, intranet
#     acknowledgement) and add a training record with type `acknowledgement`
#     or `communication`, `document` set to the policy id, and the date.
package isms.leadership.policy_communicated

policies := [d | some d in input.documents; d.type == "information-security-policy"; d.approved_on]

communicated(d) if {
	some t in input.registers.training
	t.type in {"acknowledgement", "communication"}
	t.document == d.id
	t.completed_on >= d.approved_on
}

# An awareness session after the approval: the policy is part of it.
communicated(d) if {
	some t in input.registers.training
	object.get(t, "type", "awareness") in {"awareness", "onboarding"}
	not t.document
	t.completed_on >= d.approved_on
}

deny contains {
	"msg": sprintf("the information security policy %s approved on %s has not been communicated since: no acknowledgement or communication record names it, and no awareness session was held, on or after that date", [d.id, d.approved_on]),
	"document": d.id,
	"key": "approved_on",
} if {
	input.register_files.training
	some d in policies
	not communicated(d)
}
