# METADATA
# title: Holders of privileged roles completed role-specific training
# description: >-
#   Clause 7.2 requires the people whose work affects information security
#   to be competent, and A.6.3 asks for training relevant to their role.
#   Every active person holding a role marked `privileged = true` in
#   isms.toml needs a `role-specific` training record completed within
#   `rules.training_interval_months` of the evaluation date.
# custom:
#   id: ISMS-TRAIN-002
#   clauses: ["7.2"]
#   controls: ["A.6.3", "A.8.2"]
#   remediation: >-
#     Have the person complete the training for their privileged role and add
#     a `role-specific` record to the training register.
package isms.awareness.role_specific

import data.isms.lib.dates

months := input.settings.training_interval_months

# The completion dates of role-specific records older than the interval,
# each date judged once however many records share it.
stale := {d |
	some d in {t.completed_on | some t in input.registers.training; t.type == "role-specific"}
	dates.older_than_months(d, months)
}

current contains p if {
	old := stale
	some t in input.registers.training
	t.type == "role-specific"
	# Assigned but not completed: not training had.
	is_string(t.completed_on)
	not old[t.completed_on]
	some p in input.refs[t.person].people
}

deny contains {
	"msg": sprintf("%s (%s) holds the privileged role %s but has no role-specific training completed in the last %d months", [person.name, id, concat(", ", privileged), months]),
	"config": sprintf("person.%d.roles", [person.index]),
} if {
	some id, person in input.people
	person.active
	privileged := [r | some r in person.roles; input.roles[r].privileged]
	count(privileged) > 0
	not current[id]
}
