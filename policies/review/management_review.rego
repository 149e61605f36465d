# METADATA
# title: Top management reviewed the ISMS within the interval
# description: >-
#   Clause 9.3 requires top management to review the ISMS at planned
#   intervals. The latest management review in the reviews register must be
#   within `rules.review_interval_months` of the evaluation date, and chaired
#   or attended by an active member of top management.
# custom:
#   id: ISMS-MR-001
#   clauses: ["9.3.1"]
#   remediation: >-
#     Hold the management review with top management and record it in the
#     reviews register (held_on, chair, attendees).
package isms.review.management_review

import data.isms.lib.dates
import data.isms.lib.people

months := input.settings.review_interval_months

reviews := input.registers.reviews

latest := max({r.held_on | some r in reviews})

deny contains {
	"msg": "no management review is recorded: the reviews register is empty or missing",
	"config": "organisation",
} if {
	count(reviews) == 0
}

deny contains {
	"msg": sprintf("the latest management review, %s, was held on %s, more than %d months before %s", [r.id, r.held_on, months, input.now]),
	"register": "reviews",
	"record": r.id,
	"field": "held_on",
} if {
	some r in reviews
	r.held_on == latest
	dates.older_than_months(r.held_on, months)
}

deny contains {
	"msg": sprintf("management review %s was not attended by top management", [r.id]),
	"register": "reviews",
	"record": r.id,
	"field": "attendees",
} if {
	some r in reviews
	r.held_on == latest
	not top_management_present(r)
}

top_management_present(r) if {
	some ref in array.concat([object.get(r, "chair", "")], object.get(r, "attendees", []))
	people.top_management(ref)
}
