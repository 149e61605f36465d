# METADATA
# title: The management review covered the required inputs and recorded decisions
# description: >-
#   Clause 9.3.2 lists what a management review must consider, 9.3.3 that
#   its results include decisions on improvement and changes. The latest
#   review must cover each input of `rules.review_inputs` (by default:
#   status of actions, issues, interested parties, nonconformities,
#   monitoring, audit results, objectives, feedback, risk, improvement),
#   named in its `inputs` list or as a heading of its minutes document; it
#   must record `decisions`; and every action raised by the review before it
#   must be found, with a status, in the improvements, findings, objectives
#   or changes register. Inputs are compared without regard to case, spaces
#   or punctuation, and a longer name covers the shorter one it contains.
#   Without a reviews register, the latest minutes kept as a document are
#   read for the inputs in their headings and sentences.
# custom:
#   id: ISMS-MR-002
#   clauses: ["9.3.2", "9.3.3"]
#   remediation: >-
#     Cover the missing inputs in the minutes (a heading each, or an entry in
#     `inputs`), record the decisions, and give every action from the
#     previous review a record with a status.
package isms.review.review_content

import data.isms.lib.dates
import data.isms.review.management_review as mr

reviews := input.registers.reviews

latest := max({r.held_on | some r in reviews})

previous := max({r.held_on | some r in reviews; r.held_on < latest})

norm(s) := regex.replace(lower(s), `[\W_]+`, "")

# What a review covered: its `inputs`, and the headings of its minutes.
covered(r) := {norm(i) | some i in object.get(r, "inputs", [])} | {norm(h.text) |
	some d in input.documents
	r.minutes in {d.id, d.path}
	some h in d.headings
}

# The inputs a review's coverage `cov` lacks; `cov` is worked out once per
# review, not once per input.
missing(cov) := [i |
	some i in input.settings.review_inputs
	not covers(cov, norm(i))
]

covers(set, wanted) if {
	some c in set
	contains(c, wanted)
}

# The inputs of 9.3.2 as minutes and tools name them (`previous_actions`,
# `external_internal_issues`, `monitoring_results`).
covers(set, wanted) if {
	some c in set
	regex.match(also[wanted], c)
}

also := {
	"statusofactions": `action`,
	"issues": `issue`,
	"interestedparties": `interested|needsandexpectations`,
	"nonconformities": `nonconform|correctiveaction`,
	"monitoring": `monitor|measurement`,
	"auditresults": `audit`,
	"objectives": `objective`,
	"feedback": `feedback`,
	"risk": `risk`,
	"improvement": `improv`,
}

deny contains {
	"msg": sprintf("management review %s does not cover: %s", [r.id, concat(", ", gaps)]),
	"register": "reviews",
	"record": r.id,
	"field": "inputs",
} if {
	some r in reviews
	r.held_on == latest
	gaps := missing(covered(r))
	count(gaps) > 0
}

# Minutes kept as documents, no reviews register: the latest minutes cover
# the inputs in their headings or their sentences (`review_inputs`: the
# inputs of 9.3.2 their words name, in the languages read).
doc_covered(d) := {norm(h.text) | some h in d.headings} | {norm(i) | some i in object.get(d, "review_inputs", [])}

deny contains {
	"msg": sprintf("the minutes of the latest management review (%s, %s) do not cover: %s (looked for in their headings and sentences)", [m.path, mr.latest_minutes, concat(", ", gaps)]),
	"document": m.id,
} if {
	count(reviews) == 0
	# (Minutes older than the interval: ISMS-MR-001 says the review is
	# due; what the old one lacked is not asked as well.)
	not dates.older_than_months(mr.latest_minutes, input.settings.review_interval_months)
	some m in mr.minutes
	mr.minutes_date(m) == mr.latest_minutes
	gaps := missing(doc_covered(m))
	count(gaps) > 0
}

deny contains {
	"msg": sprintf("management review %s records no decisions", [r.id]),
	"register": "reviews",
	"record": r.id,
	"field": "decisions",
} if {
	some r in reviews
	r.held_on == latest
	trim_space(object.get(r, "decisions", "")) == ""
	# Actions raised are decisions recorded (9.3.3).
	count(object.get(r, "actions", [])) == 0
}

action_registers := ["improvements", "findings", "objectives", "changes"]

deny contains {
	"msg": sprintf("action %s from management review %s %s", [a, r.id, problem]),
	"register": "reviews",
	"record": r.id,
	"field": "actions",
} if {
	some r in reviews
	r.held_on == previous
	some a in object.get(r, "actions", [])
	problem := action_problem(a)
}

action_problem(a) := sprintf("is not in the %s register", [concat(", ", action_registers)]) if {
	count([x | some name in action_registers; some x in input.registers[name]; x.id == a]) == 0
} else := "has no status" if {
	count([x | some name in action_registers; some x in input.registers[name]; x.id == a; x.status]) == 0
}
