# METADATA
# title: Risk scores and levels follow the configured matrix
# description: >-
#   Likelihood and impact (inherent and residual) lie on the configured
#   scale (`rules.risk.scale`, 1 to 5 by default), a recorded score equals
#   likelihood × impact, and a recorded level is the band of the matrix that
#   score falls in (`rules.risk.levels`: the lowest score of each level; by
#   default low 1, medium 5, high 10, very-high 17). A score or level that
#   does not follow from its factors makes risk evaluation (6.1.2 d) and the
#   acceptance decision unreliable.
# custom:
#   id: ISMS-RISK-002
#   clauses: ["6.1.2", "8.2"]
#   remediation: >-
#     Recompute the score as likelihood × impact and read the level from the
#     matrix, or correct the factor that is off the scale.
package isms.risk.score

scale := input.settings.risk.scale

factors := ["likelihood", "impact", "residual_likelihood", "residual_impact"]

# Below and above the scale as two rules of plain comparisons: a function
# call per factor per record is the dominant cost on large registers.
deny contains off_scale(r, field, value) if {
	some r in input.registers.risks
	some field in factors
	value := r[field]
	value < 1
}

deny contains off_scale(r, field, value) if {
	some r in input.registers.risks
	some field in factors
	value := r[field]
	value > scale
}

off_scale(r, field, value) := {
	"msg": sprintf("risk %s: %s %d is outside the scale 1–%d", [r.id, field, value, scale]),
	"register": "risks",
	"record": r.id,
	"field": field,
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

levels := input.settings.risk.levels

# The level whose band a score falls in: the highest level starting at or
# below it.
band(s) := level if {
	some level, lowest in levels
	lowest <= s
	not higher_band(lowest, s)
}

higher_band(lowest, s) if {
	some other in levels
	other > lowest
	other <= s
}

deny contains {
	"msg": sprintf("risk %s: level is %s but the score %d falls in the %s band (from %d)", [r.id, r.level, s, expected, levels[expected]]),
	"register": "risks",
	"record": r.id,
	"field": "level",
} if {
	some r in input.registers.risks
	r.level
	s := r.likelihood * r.impact
	expected := expected_band(s)
	r.level != expected
}

# The band of every score on the scale, worked out once rather than per
# record; scores off the scale fall back to `band`.
bands := {s: band(s) | some s in numbers.range(1, scale * scale)}

expected_band(s) := bands[s]

expected_band(s) := band(s) if not bands[s]
