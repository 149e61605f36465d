# Helpers about people shared by the built-in rules.
package isms.lib.people

# True when a person-or-role reference, as written in a register or document,
# resolves to an active member of top management.
top_management(ref) if {
	some p in input.refs[ref].active_people
	input.people[p].top_management
}

# True when a reference names a role that isms.toml gives to nobody at all
# (not even to someone who left): a to-do of the configuration, reported
# once per role (ISMS-ROLE-001), not at every record that names the role.
vacant(ref) if {
	input.refs[ref].kind == "role"
	count(input.refs[ref].people) == 0
}

# True when a reference names only people to whom isms.toml gives no role
# at all (an ISMS adopted as it is names people before anyone has said
# what they are): whether they are top management or managers cannot be
# told yet; ISMS-ROLE-001 asks once, for all of them.
roleless(ref) if {
	input.refs[ref].kind == "person"
	count(input.refs[ref].people) > 0
	not holds_a_role(ref)
}

# (Not `every p in … { count(input.people[p].roles) == 0 }`: regorus 0.14's
# compiled VM reads `input.people[p]` in the body of an `every` as a new
# iteration over every person, so one person without a role anywhere made
# every reference "undecided" and silenced the rules judging approvers.)
holds_a_role(ref) if {
	some p in input.refs[ref].people
	not no_roles(p)
}

no_roles(p) if count(input.people[p].roles) == 0

# True when who a reference names cannot be told yet: a role held by
# nobody, or people given no role. A rule that needs to know whether that
# someone is top management, the owner or active leaves such a reference to
# the configuration's to-do.
undecided(ref) if vacant(ref)

undecided(ref) if roleless(ref)

# True when two references name someone in common (the same person, or a
# role and one of its holders), compared as sets: a role held by hundreds
# compared person by person, for every record, made rules quadratic.
share(a, b) if count(holders(a) & holders(b)) > 0

holders(ref) := {p | some p in input.refs[ref].people}
