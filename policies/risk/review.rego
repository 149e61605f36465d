# METADATA
# title: Risks are reviewed within the interval
# description: >-
#   Clause 8.2: risk assessments are performed at planned intervals. Every
#   open or treated risk records `last_reviewed`, within
#   `rules.review_interval_months` of the evaluation date, and its
#   `next_review`, when given, has not passed.
# custom:
#   id: ISMS-RISK-005
#   clauses: ["8.2", "6.1.2"]
#   remediation: Review the risk with its owner and record last_reviewed (and next_review).
package isms.risk.review

import data.isms.lib.dates

months := input.settings.review_interval_months

# The risks still open, found once; each check below walks only these.
live := [r | finished := data.isms.vocabulary.finished.risks; some r in input.registers.risks; not r.status in finished]

finding(r, field, msg) := {"msg": sprintf("risk %s: %s", [r.id, msg]), "register": "risks", "record": r.id, "field": field}

# Judged where the register records review dates at all: a register that
# records none dates its review as a whole (its page, its method).
deny contains finding(r, "last_reviewed", "no review date recorded") if {
	dated
	some r in live
	not r.last_reviewed
}

dated if {
	some r in input.registers.risks
	r.last_reviewed
}

# Each date is judged once, however many risks share it (a register is
# reviewed on a few days a year); only a date found wanting sends the rule
# back to the risks holding it.
reviewed := {r.last_reviewed | some r in live}

next_reviews := {r.next_review | some r in live}

deny contains finding(r, "last_reviewed", sprintf("last reviewed on %s, more than %d months ago", [r.last_reviewed, months])) if {
	some d in reviewed
	dates.older_than_months(d, months)
	some r in live
	r.last_reviewed == d
}

deny contains finding(r, "next_review", sprintf("was due for review on %s", [r.next_review])) if {
	some d in next_reviews
	dates.before_now(d)
	some r in live
	r.next_review == d
}
