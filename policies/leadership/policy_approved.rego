# METADATA
# title: Information security policy approved by top management
# description: >-
#   The current version of the information security policy is approved
#   (`status = "approved"`) by someone who holds a top-management role
#   (`top_management = true` in isms.toml), and the approval is dated.
#   An approver named by role counts when an active holder of that role is
#   top management.
# custom:
#   id: ISMS-POL-002
#   clauses: ["5.1", "5.2"]
#   controls: ["A.5.1"]
#   remediation: >-
#     Have a holder of a top-management role approve the policy and record
#     it in the front matter: status = "approved", approved_by, approved_on.
package isms.leadership.policy_approved

import data.isms.lib.people

policies := [d | some d in input.documents; d.type == "information-security-policy"]

deny contains {
	"msg": sprintf("the information security policy %s is not approved (status: %s)", [d.id, object.get(d, "status", "none")]),
	"document": d.id,
	"key": "status",
} if {
	some d in policies
	object.get(d, "status", "") != "approved"
}

deny contains {
	"msg": sprintf("the information security policy %s names no approver", [d.id]),
	"document": d.id,
	"key": "approved_by",
} if {
	some d in policies
	not d.approved_by
}

deny contains {
	"msg": sprintf("the information security policy %s has no approval date", [d.id]),
	"document": d.id,
	"key": "approved_on",
} if {
	some d in policies
	not d.approved_on
}

deny contains {
	"msg": sprintf("the information security policy %s is approved by %q, who does not hold an active top-management role", [d.id, d.approved_by]),
	"document": d.id,
	"key": "approved_by",
} if {
	some d in policies
	d.approved_by
	not people.top_management(d.approved_by)
}
