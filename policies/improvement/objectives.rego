# METADATA
# title: Information security objectives are established
# description: >-
#   Clause 6.2 requires information security objectives, set at relevant
#   functions and levels and kept as documented information. They are
#   established when the objectives register holds one, when a document is
#   about them (its title names objectives) or when the organisation's own
#   words in a document state them (a heading or sentence on its
#   objectives, template prompts aside). An ISMS with none of these has no
#   objectives.
# custom:
#   id: ISMS-IMP-002
#   clauses: ["6.2"]
#   remediation: >-
#     Set the information security objectives — measurable, owned, with a
#     date — and record them in the objectives register or a document.
package isms.improvement.objectives

documented if {
	count(input.registers.objectives) > 0
}

documented if {
	some d in input.documents
	contains(lower(d.title), "objective")
	count(d.prompts) == 0
}

documented if {
	some d in input.documents
	d.topics.objectives
}

deny contains {
	"msg": "no information security objectives are established: the objectives register holds none and no document states them",
	"register": "objectives",
} if {
	input.register_files.objectives
	not documented
}

deny contains {
	"msg": "no information security objectives are established: no objectives register, and no document states them",
	"config": "organisation",
} if {
	not input.register_files.objectives
	not documented
}
