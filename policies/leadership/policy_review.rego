# METADATA
# title: Information security policy reviewed within the interval
# description: >-
#   The information security policy (or, without one, the ISMS manual
#   holding it as a section) was approved within the review interval
#   (`rules.review_interval_months`, 12 by default), and its `next_review`
#   date, when given, has not passed. Clause 5.2 and control A.5.1 expect the
#   policy to be reviewed at planned intervals.
# custom:
#   id: ISMS-POL-003
#   clauses: ["5.2"]
#   controls: ["A.5.1"]
#   remediation: >-
#     Review the policy with top management and record the new approval
#     (approved_on, next_review) in its front matter.
package isms.leadership.policy_review

import data.isms.lib.sections

import data.isms.lib.dates

# The policy, or the ISMS manual that stands for it.
policies := sections.policy_documents

months := input.settings.review_interval_months

deny contains {
	"msg": sprintf("the information security policy %s was last approved on %s, more than %d months before %s", [d.id, d.approved_on, months, input.now]),
	"document": d.id,
	"key": "approved_on",
} if {
	some d in policies
	dates.older_than_months(d.approved_on, months)
	not reviewed_since(d)
	# (Its review date passed as well: one defect, said once, below.)
	not dates.before_now(d.next_review)
}

# Reviewed within its cycle after that approval (a review that changed
# nothing needs no new approval date).
reviewed_since(d) if {
	d.last_reviewed > d.approved_on
	not dates.older_than_months(d.last_reviewed, dates.cycle_months(d))
}

deny contains {
	"msg": sprintf("the information security policy %s was last reviewed on %s, more than its review cycle of %d months ago", [d.id, d.last_reviewed, dates.cycle_months(d)]),
	"document": d.id,
	"key": "last_reviewed",
} if {
	some d in policies
	not d.next_review
	not d.approved_on
	dates.older_than_months(d.last_reviewed, dates.cycle_months(d))
}

deny contains {
	"msg": sprintf("the information security policy %s was due for review on %s", [d.id, d.next_review]),
	"document": d.id,
	"key": "next_review",
} if {
	some d in policies
	dates.before_now(d.next_review)
}
