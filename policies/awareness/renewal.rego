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

# A later completion of the same course by the same person. (Written as a
# function rather than a partial object of latest completions: regorus's
# interpreter stopped on that object with "not an object" for scrambled
# registers, where the compiled VM answered.)
renewed(t) if {
	some u in input.registers.training
	u.person == t.person
	course(u.course) == course(t.course)
	u.completed_on > t.completed_on
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
	not renewed(t)
}
