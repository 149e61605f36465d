# METADATA
# title: Residual risk above the threshold is accepted by its owner
# description: >-
#   Every risk has a treatment option (6.1.3 a). A risk whose residual score
#   (the inherent score when no residual is recorded) is above the acceptance
#   threshold (`rules.risk.acceptance_threshold`) must be formally accepted
#   (6.1.3 f, 8.3): `accepted_by` names the risk owner or a member of top
#   management, `accepted_on` dates it, and `acceptance_expires`, when given,
#   has not passed.
# custom:
#   id: ISMS-RISK-003
#   clauses: ["6.1.3", "8.3"]
#   remediation: >-
#     Reduce the residual risk below the threshold, or have the risk owner (or
#     top management) accept it and record accepted_by and accepted_on.
package isms.risk.acceptance

import data.isms.lib.dates
import data.isms.lib.people

threshold := input.settings.risk.acceptance_threshold

residual(r) := r.residual_score
residual(r) := r.residual_likelihood * r.residual_impact if not r.residual_score
residual(r) := r.likelihood * r.impact if {
	not r.residual_score
	not r.residual_likelihood
}

# The risks above the threshold, found once; each check below walks only
# these. `residual` written out, one comprehension per way of reading it (a
# function called for every record costs more than a pass): by the
# residual score, and for the risks without one (found in one pass; on most
# registers none) by the residual factors or else the inherent ones.
above := array.concat(
	[r | t := threshold; some r in input.registers.risks; r.residual_score > t],
	array.concat(
		[r | t := threshold; some r in unscored; r.residual_likelihood * r.residual_impact > t],
		[r | t := threshold; some r in unscored; not r.residual_likelihood; r.likelihood * r.impact > t],
	),
)

unscored := [r | some r in input.registers.risks; not r.residual_score]

finding(r, field, msg) := {"msg": sprintf("risk %s: %s", [r.id, msg]), "register": "risks", "record": r.id, "field": field}

deny contains finding(r, "treatment", "no treatment option (mitigate, transfer, avoid or accept)") if {
	some r in input.registers.risks
	not r.treatment
}

deny contains finding(r, "accepted_by", sprintf("residual score %d is above the acceptance threshold %d but nobody accepted it", [residual(r), threshold])) if {
	some r in above
	not r.accepted_by
}

deny contains finding(r, "accepted_on", "the acceptance is not dated") if {
	some r in above
	r.accepted_by
	not r.accepted_on
}

deny contains finding(r, "accepted_by", sprintf("accepted by %q, who is neither the risk owner nor in top management", [r.accepted_by])) if {
	some r in above
	r.accepted_by
	not may_accept(r)
	not people.undecided(r.accepted_by)
	not people.undecided(object.get(r, "owner", ""))
}

deny contains finding(r, "acceptance_expires", sprintf("the acceptance expired on %s", [r.acceptance_expires])) if {
	some r in above
	dates.before_now(r.acceptance_expires)
}

may_accept(r) if {
	some p in input.refs[r.accepted_by].active_people
	p in input.refs[r.owner].people
}

may_accept(r) if people.top_management(r.accepted_by)
