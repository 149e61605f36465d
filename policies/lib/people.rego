# Helpers about people shared by the built-in rules.
package isms.lib.people

# True when a person-or-role reference, as written in a register or document,
# resolves to an active member of top management.
top_management(ref) if {
	some p in input.refs[ref].active_people
	input.people[p].top_management
}
