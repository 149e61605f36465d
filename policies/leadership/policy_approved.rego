# METADATA
# title: Information security policy approved by top management
# description: >-
#   The current version of the information security policy (or, without
#   one, of the ISMS manual holding it as a section) is approved by
#   someone who holds a top-management role (`top_management = true` in
#   isms.toml), and the approval is dated; a status, when the policy states
#   one, says `approved`. What the approval record lacks is one finding.
#   An approver named by role counts when an active holder of that role is
#   top management.
# custom:
#   id: ISMS-POL-002
#   clauses: ["5.1", "5.2"]
#   controls: ["A.5.1"]
#   remediation: >-
#     Have a holder of a top-management role approve the policy and record
#     it where the policy keeps its document control (front matter, a
#     control table, or its approval sentence): its status approved, who
#     approved it (approved_by) and when (approved_on).
package isms.leadership.policy_approved

import data.isms.lib.sections

import data.isms.lib.people

# The policy, or the ISMS manual that stands for it.
policies := sections.policy_documents

# What the record of the policy's approval lacks, in order: a status that
# says it is approved (when it states one), its approver, its date.
gaps(d) := [why |
	some [key, why] in [
		["status", sprintf("its status is %s", [object.get(d, "status", "")])],
		["approved_by", "it names no approver"],
		["approved_on", "it has no approval date"],
	]
	lacks(d, key)
]

lacks(d, "status") if {
	d.status
	d.status != "approved"
}

lacks(d, key) if {
	key in ["approved_by", "approved_on"]
	not d[key]
}

first_gap(d) := [key | some key in ["status", "approved_by", "approved_on"]; lacks(d, key)][0]

deny contains {
	"msg": sprintf("the information security policy %s is not approved: %s", [d.id, concat("; ", gaps(d))]),
	"document": d.id,
	"key": first_gap(d),
} if {
	some d in policies
	count(gaps(d)) > 0
	not undated_only(d)
}

# Its approver named, only the date missing: said as that (the approval
# may well have been given; when is what the record lacks).
deny contains {
	"msg": sprintf("the information security policy %s names its approver (%s) but not when it was approved: record the approval date", [d.id, d.approved_by]),
	"document": d.id,
	"key": "approved_on",
} if {
	some d in policies
	undated_only(d)
}

undated_only(d) if {
	gaps(d) == ["it has no approval date"]
	is_string(d.approved_by)
}

deny contains {
	"msg": sprintf("the information security policy %s is approved by %q, who does not hold an active top-management role", [d.id, d.approved_by]),
	"document": d.id,
	"key": "approved_by",
} if {
	some d in policies
	d.approved_by
	not people.top_management(d.approved_by)
	not people.undecided(d.approved_by)
}
