# METADATA
# title: Training is repeated before it falls due
# description: >-
#   Clause 7.2 requires competence to be kept, and 7.3 awareness: a training
#   record with a date by which it must be repeated (`expires`, a log's
#   "next due") that has passed, with no later completion of the same course
#   by the same person, is training that lapsed.
# custom:
#   id: ISMS-TRAIN-004
#   clauses: ["7.2", "7.3"]
#   controls: ["A.6.3"]
#   remediation: >-
#     Have the person repeat the course and record it, or record the later
#     completion that is missing.
package isms.awareness.renewal

import data.isms.lib.dates

# The latest completion of each course by each person, found in one sort
# of the register (a function of the record, called for every record, made
# the rule quadratic: 17 s on 5,000 records): the completions in order of
# [person, course, date]; the last of each [person, course] is its latest.
completions := sort([[u.person, course(u.course), u.completed_on] |
	some u in input.registers.training
	is_string(u.course)
	is_string(u.completed_on)
])

latest := {[row[0], row[1]]: row[2] |
	some i, row in completions
	not same_sitting(i)
}

same_sitting(i) if {
	next := completions[i + 1]
	next[0] == completions[i][0]
	next[1] == completions[i][1]
}

# A course by its name without the year it is given in (`Awareness 2025`
# is repeated as `Awareness 2026`).
course(name) := trim_space(regex.replace(lower(name), `(19|20)[0-9][0-9]`, ""))

deny contains {
	"msg": sprintf("training %s: %s's %q fell due on %s and was not repeated", [t.id, t.person, t.course, t.expires]),
	"register": "training",
	"record": t.id,
	"field": "expires",
} if {
	some t in input.registers.training
	dates.before_now(t.expires)
	t.person
	is_string(t.course)
	is_string(t.completed_on)
	# Its own completion is the latest of its person's and course's: none
	# came after it.
	latest[[t.person, course(t.course)]] == t.completed_on
}
