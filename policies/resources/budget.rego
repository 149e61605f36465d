# METADATA
# title: The ISMS has an approved budget for the current period
# description: >-
#   Clause 7.1: top management provides the resources the ISMS needs. The
#   budget register has at least one line whose period is the current year
#   (a period starting with the year of the evaluation date, such as `2026`
#   or `2026-H2`), approved and dated by a member of top management.
# custom:
#   id: ISMS-RES-001
#   clauses: ["5.1", "7.1"]
#   remediation: >-
#     Record this year's security budget in the budget register with
#     approved_by (a member of top management) and approved_on.
package isms.resources.budget

import data.isms.lib.people

year := substring(input.now, 0, 4)

current := [l | some l in input.registers.budget; startswith(l.period, year)]

approved := [l | some l in current; people.top_management(l.approved_by); l.approved_on]

deny contains {
	"msg": sprintf("no budget line for %s is approved by top management", [year]),
	"register": "budget",
} if {
	input.register_files.budget
	count(approved) == 0
}
