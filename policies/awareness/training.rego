# METADATA
# title: Every active person completed awareness training within the interval
# description: >-
#   Clause 7.3 and control A.6.3 expect everyone doing work under the
#   organisation's control to be aware of the policy and their part in it.
#   Each active person in isms.toml needs an awareness (or onboarding)
#   training record completed within `rules.training_interval_months`
#   (12 by default) of the evaluation date.
# custom:
#   id: ISMS-TRAIN-001
#   clauses: ["7.2", "7.3"]
#   controls: ["A.6.3"]
#   remediation: >-
#     Have the person complete awareness training and add the record to the
#     training register.
package isms.awareness.training

import data.isms.lib.dates

months := input.settings.training_interval_months

awareness := {"awareness", "onboarding"}

# The completion dates of awareness records older than the interval, each
# date judged once however many records share it.
stale := {d |
	some d in {t.completed_on | kinds := awareness; some t in input.registers.training; object.get(t, "type", "awareness") in kinds}
	dates.older_than_months(d, months)
}

# People with a current awareness record (a record of no stated type is
# awareness: a log of the courses everyone takes).
current contains p if {
	[kinds, old] := [awareness, stale]
	some t in input.registers.training
	object.get(t, "type", "awareness") in kinds
	# Assigned but not completed (a log's open row): not training had.
	is_string(t.completed_on)
	not old[t.completed_on]
	some p in input.refs[t.person].people
}

# Or one still valid by its own date (`Válido hasta 05/05/2027`): the
# organisation's validity of a course stands for the interval.
current contains p if {
	kinds := awareness
	some t in input.registers.training
	is_string(t.expires)
	object.get(t, "type", "awareness") in kinds
	is_string(t.completed_on)
	not dates.before_now(t.expires)
	some p in input.refs[t.person].people
}

deny contains {
	"msg": sprintf("%s (%s) has no awareness training completed in the last %d months", [person.name, id, months]),
	"config": sprintf("person.%d", [i]),
} if {
	speaks_of_people
	some id, person in input.people
	person.active
	not person.external
	not current[id]
	not lapsed[id]
	i := person.index
}

# People whose awareness training fell due unrepeated: ISMS-TRAIN-004
# reports that record (one defect, one finding).
lapsed contains p if {
	kinds := awareness
	some t in input.registers.training
	object.get(t, "type", "awareness") in kinds
	dates.before_now(t.expires)
	some p in input.refs[t.person].people
}

# The training register names the people of isms.toml (by id, name or
# e-mail): otherwise (a log kept by employee number) who is missing cannot
# be told.
speaks_of_people if {
	some t in input.registers.training
	count(object.get(input.refs, [t.person, "people"], [])) > 0
}

# A training register kept empty: nobody's awareness or competence is
# evidenced.
deny contains {
	"msg": "no training is recorded: the training register holds no record",
	"register": "training",
} if {
	input.register_files.training
	count(input.registers.training) == 0
}
