# METADATA
# title: The information security policy is governed by top management's approval
# description: >-
#   Clause 5.2 makes top management establish the policy, and its front
#   matter records who approved it. `isms` proves that approval from signed
#   git history through the `[[approval]]` rules of isms.toml, so the
#   policy's path must be covered by an approval rule of a top-management
#   role; otherwise it can be changed with nobody's signature while its
#   front matter still claims top management's approval: evidence that
#   proves nothing.
# custom:
#   id: ISMS-POL-006
#   clauses: ["5.1", "5.2"]
#   controls: ["A.5.1"]
#   remediation: >-
#     Add an `[[approval]]` rule whose `paths` match the policy, with a
#     top-management role (e.g. `roles = ["ceo"]`).
package isms.leadership.policy_governed

policies := [d | some d in input.documents; d.type == "information-security-policy"]

deny contains {
	"msg": sprintf("the information security policy %s (%s) is not governed by an [[approval]] rule of a top-management role, so the approval its front matter records is not enforced", [d.id, d.path]),
	"document": d.id,
	"todo": true,
} if {
	some d in policies
	not governed(d.path)
}

governed(path) if {
	some a in input.approvals
	path in a.covers
	some role in a.roles
	input.roles[role].top_management
}
