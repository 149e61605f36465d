# METADATA
# title: Suppliers are assessed when their assessment falls due
# description: >-
#   Control A.5.22 asks for the regular monitoring, review and evaluation of
#   supplier services. A supplier whose next assessment date has passed is
#   overdue; one with no next date whose last assessment is older than
#   `rules.supplier_review_interval_months` (12 by default) is overdue too,
#   unless it is rated low or medium (a policy may review those only at
#   onboarding, or less often: their next date says when). A supplier with
#   neither date, or an offboarded one, raises nothing here.
# custom:
#   id: ISMS-SUP-001
#   clauses: ["8.1"]
#   controls: ["A.5.22"]
#   remediation: >-
#     Assess the supplier (a questionnaire, its certificate, a review
#     meeting) and record the date, with the date of the next assessment.
package isms.supplier.assessment

import data.isms.lib.dates

months := input.settings.supplier_review_interval_months

# Suppliers still in the relationship.
current contains s if {
	some s in input.registers.suppliers
	object.get(s, "status", "active") != "offboarded"
}

deny contains {
	"msg": sprintf("supplier %s: its next assessment was due on %s and is overdue", [s.name, s.next_assessment]),
	"register": "suppliers",
	"record": s.id,
	"field": "next_assessment",
} if {
	some s in current
	dates.before_now(s.next_assessment)
}

deny contains {
	"msg": sprintf("supplier %s: last assessed on %s, more than %d months ago, and no next assessment is planned", [s.name, s.last_assessed, months]),
	"register": "suppliers",
	"record": s.id,
	"field": "last_assessed",
} if {
	some s in current
	not s.next_assessment
	# A next assessment written as words (`on renewal`) is a plan too.
	not s.extra.next_assessment
	not object.get(s, "criticality", "") in {"low", "medium"}
	dates.older_than_months(s.last_assessed, months)
}
