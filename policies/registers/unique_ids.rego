# METADATA
# title: Record ids are unique in each register
# description: >-
#   Every record of a register kind has its own id, across all files of that
#   kind. Two risks (or assets, or nonconformities) with one id make every
#   reference to that id ambiguous: which risk did the CEO accept? Clause
#   7.5.3 requires documented information to be identifiable.
# custom:
#   id: ISMS-REG-001
#   clauses: ["7.5.3"]
#   remediation: Give the later record a new, unused id.
package isms.registers.unique_ids

import data.isms.lib.records

deny contains {
	"msg": sprintf("%s id %s is used more than once (also by entry %d)", [kind, id, previous + 1]),
	"register": kind,
	"index": i,
	"field": "id",
} if {
	some kind, entries in input.registers
	kind != "soa" # duplicate controls are ISMS-SOA-001's
	some [id, i, previous] in records.repeats(entries)
}
