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

# Per register kind, the position of the first record with each id.
first_entry[kind][id] := i if {
	some kind, records in input.registers
	some r in records
	id := r.id
	i := min({j | some j, other in records; other.id == id})
}

deny contains {
	"msg": sprintf("%s id %s is used more than once (first by entry %d)", [kind, r.id, first_entry[kind][r.id] + 1]),
	"register": kind,
	"index": i,
	"field": "id",
} if {
	some kind, records in input.registers
	kind != "soa" # duplicate controls are ISMS-SOA-001's
	some i, r in records
	first_entry[kind][r.id] != i
}
