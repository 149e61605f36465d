# Helpers about register records shared by the built-in rules.
package isms.lib.records

# The records that repeat an earlier record's id, as [id, position, position
# of the previous record with that id]. When every record has an id of its
# own (the set of ids is as large as the list), there are none: one pass,
# no sorting. Otherwise, sorting (id, position) pairs makes repeats
# neighbours, which keeps this linear-logarithmic; comparing every record
# with every other would be quadratic.
repeats(records) := [] if {
	count({r.id | some r in records}) == count(records)
} else := [[id, i, previous] |
	some k, [id, i] in sorted
	k > 0
	[id, previous] = sorted[k - 1]
] if {
	sorted := sort([[r.id, j] | some j, r in records])
}
