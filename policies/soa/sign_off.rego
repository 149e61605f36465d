# METADATA
# title: The Statement of Applicability is governed by an approval rule
# description: >-
#   Clause 6.1.3 d makes the Statement of Applicability a controlled
#   document, and it is commonly signed off by the CISO or top management.
#   `isms` proves sign-off from signed git history through the
#   `[[approval]]` rules of isms.toml, so the SoA register must be governed
#   by at least one approval rule; otherwise a change to it needs nobody's
#   signature.
# custom:
#   id: ISMS-SOA-003
#   clauses: ["6.1.3"]
#   remediation: >-
#     Add an `[[approval]]` rule whose `paths` match the SoA register, with
#     the roles that sign it off (e.g. `roles = ["ciso"]`).
package isms.soa.sign_off

soa_files := {r._file | some r in input.registers.soa}

deny contains {
	"msg": sprintf("the Statement of Applicability %s is not governed by any [[approval]] rule, so its sign-off is not enforced", [f]),
	"register": "soa",
	"todo": true,
} if {
	some f in soa_files
	not governed(f)
}

governed(f) if {
	some a in input.approvals
	f in a.covers
}
