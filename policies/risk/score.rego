# METADATA
# title: Risk scores follow the configured scale
# description: >-
#   Likelihood and impact (inherent and residual) lie on the configured
#   scale (`rules.risk.scale`, 1 to 5 by default), and a recorded score
#   equals likelihood × impact. A score that does not follow from its
#   factors makes risk evaluation (6.1.2 d) and the acceptance decision
#   unreliable.
# custom:
#   id: ISMS-RISK-002
#   clauses: ["6.1.2", "8.2"]
#   remediation: >-
#     Recompute the score as likelihood × impact, or correct the factor that
#     is off the scale.
package isms.risk.score

scale := input.settings.risk.scale

deny contains {
	"msg": sprintf("risk %s: %s %d is outside the scale 1–%d", [r.id, field, value, scale]),
	"register": "risks",
	"record": r.id,
	"field": field,
} if {
	some r in input.registers.risks
	some field in ["likelihood", "impact", "residual_likelihood", "residual_impact"]
	value := r[field]
	not in_scale(value)
}

in_scale(v) if {
	v >= 1
	v <= scale
}

deny contains mismatch(r, "score", "likelihood", "impact") if {
	some r in input.registers.risks
	r.score != r.likelihood * r.impact
}

deny contains mismatch(r, "residual_score", "residual_likelihood", "residual_impact") if {
	some r in input.registers.risks
	r.residual_score != r.residual_likelihood * r.residual_impact
}

mismatch(r, s, l, i) := {
	"msg": sprintf("risk %s: %s is %d but %s × %s is %d × %d = %d", [r.id, s, r[s], l, i, r[l], r[i], r[l] * r[i]]),
	"register": "risks",
	"record": r.id,
	"field": s,
}
