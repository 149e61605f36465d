# METADATA
# title: Statement of Applicability covers every Annex A control once
# description: >-
#   Clause 6.1.3 d requires a Statement of Applicability that contains every
#   Annex A control: all 93 controls of ISO/IEC 27001:2022 (A.5.1–A.5.37,
#   A.6.1–A.6.8, A.7.1–A.7.14, A.8.1–A.8.34), each exactly once, whether
#   it is applied or excluded. Control ids are normalised on loading, so
#   `5.1` and `A.05.01` are the same control.
# custom:
#   id: ISMS-SOA-001
#   clauses: ["6.1.3"]
#   remediation: >-
#     Add a row for each missing control (with applicable = no and a
#     justification if it is excluded), and remove duplicate rows.
package isms.soa.complete

import data.isms.lib.records

soa := input.registers.soa

present := {c.id | some c in soa}

# (A row that could not be read is said at the row, not again here.)
unread := {id | some id in object.get(input, "unread_controls", [])}

missing := [id | some id in input.annex_a; not present[id]; not unread[id]]

deny contains {
	"msg": "there is no Statement of Applicability: no register of kind \"soa\" lists any Annex A control yet",
	"config": "organisation",
} if {
	count(soa) == 0
}

deny contains {
	"msg": sprintf("the Statement of Applicability lacks %d of the %d Annex A controls: %s", [count(missing), count(input.annex_a), concat(", ", missing)]),
	"register": "soa",
} if {
	count(soa) > 0
	count(missing) > 0
}

deny contains {
	"msg": sprintf("%s is listed more than once in the Statement of Applicability (also as entry %d)", [id, previous + 1]),
	"register": "soa",
	"index": i,
	"field": "id",
} if {
	some [id, i, previous] in records.repeats(soa)
}
