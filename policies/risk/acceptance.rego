# METADATA
# title: Residual risk above the threshold is accepted by its owner
# description: >-
#   Every risk has a treatment option (6.1.3 a). A risk whose residual score
#   (the inherent score when no residual is recorded) is above the acceptance
#   threshold (`rules.risk.acceptance_threshold`) must be formally accepted
#   (6.1.3 f, 8.3): `accepted_by` names the risk owner or a member of top
#   management, `accepted_on` dates it, and `acceptance_expires`, when given,
#   has not passed. A closed risk needs none.
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
# A closed risk no longer exists: nothing is left to accept (it stays in
# the register as the record of its closing). Asked only of the risks
# found above (a list of the open risks cost a pass of its own).
closed(r) if r.status == "closed"

above_score := array.concat(
	[r | t := threshold; some r in input.registers.risks; r.residual_score > t; not closed(r)],
	array.concat(
		[r | t := threshold; some r in factored; r.residual_likelihood * r.residual_impact > t],
		[r | t := threshold; some r in factored; not r.residual_likelihood; r.likelihood * r.impact > t],
	),
)

unscored := [r | some r in input.registers.risks; not r.residual_score; not closed(r)]

# Risks without a residual score whose factors are numbers to multiply
# (not words, and no residual level stated instead).
factored := [r | not worded; some r in unscored; not r.residual_level]

# A register that rates residual risk by level (or writes its factors as
# words): above the acceptance level (`rules.risk.acceptance_level`).
ranks := {"low": 1, "medium": 2, "high": 3, "very-high": 4}

acceptance_level := object.get(input.settings.risk, "acceptance_level", "medium")

above_level := [r | limit := ranks[acceptance_level]; some r in unscored; ranks[level_of(r)] > limit]

level_of(r) := r.residual_level

level_of(r) := r.level if {
	not r.residual_level
	worded
}

worded if count(object.get(input.settings.risk, "likelihood_words", [])) > 0

worded if count(object.get(input.settings.risk, "impact_words", [])) > 0

above := array.concat(above_score, above_level)

# Why a risk needs acceptance, in the words of a finding.
beyond(r) := sprintf("residual score %d is above the acceptance threshold %d", [residual(r), threshold]) if {
	not level_judged(r)
} else := sprintf("residual level %s is above the acceptance level %s", [level_of(r), acceptance_level])

level_judged(r) if {
	not r.residual_score
	level_of(r)
	not r.residual_likelihood
}

level_judged(r) if {
	not r.residual_score
	level_of(r)
	worded
}

finding(r, field, msg) := {"msg": sprintf("risk %s: %s", [r.id, msg]), "register": "risks", "record": r.id, "field": field}

deny contains finding(r, "treatment", "no treatment option (mitigate, transfer, avoid or accept)") if {
	some r in input.registers.risks
	not r.treatment
	not unaccepted_above(r)
}

# Above the appetite with neither a treatment nor an acceptance: one
# defect, said once.
unaccepted_above(r) if {
	above_set[r]
	not r.accepted_by
}

# The same risks as a set: a lookup, not a scan of the list per risk.
above_set := {r | some r in above}

unhandled(r) := ", and neither a treatment nor an acceptance is recorded" if {
	not r.treatment
} else := " but nobody accepted it"

deny contains finding(r, "accepted_by", sprintf("%s%s", [beyond(r), unhandled(r)])) if {
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

# `Owner` in the acceptance column: the risk owner accepted it.
may_accept(r) if lower(trim_space(r.accepted_by)) in {"owner", "risk owner", "the owner", "the risk owner", "risk-owner"}
