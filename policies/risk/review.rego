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
live := [r | some r in input.registers.risks; not r.status in data.isms.vocabulary.finished.risks]

finding(r, field, msg) := {"msg": sprintf("risk %s: %s", [r.id, msg]), "register": "risks", "record": r.id, "field": field}

deny contains finding(r, "last_reviewed", "no review date recorded") if {
	some r in live
	not r.last_reviewed
}

deny contains finding(r, "last_reviewed", sprintf("last reviewed on %s, more than %d months ago", [r.last_reviewed, months])) if {
	some r in live
	dates.older_than_months(r.last_reviewed, months)
}

deny contains finding(r, "next_review", sprintf("was due for review on %s", [r.next_review])) if {
	some r in live
	dates.before_now(r.next_review)
}
