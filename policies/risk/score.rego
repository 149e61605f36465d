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

# How this rule stays fast on a register of many thousand risks: a pass
# over the records costs the same whether it finds something or not, so a
# factor's scale is checked once per distinct value it takes (a handful on
# any register), gathered in one pass per factor, and a level once per
# distinct [level, likelihood, impact]; only a value or combination found
# wanting sends the rule back to the records holding it. Sets compare
# numbers as `==` does, so the records found are exactly those a check of
# every record would find.

scale := input.settings.risk.scale

# Each field read costs about as much as a pass over the records: the
# factors and scores of every record are read in one pass, and where every
# record has them all (as a register usually does) each check below runs
# over the distinct rows, a few dozen, instead of the records.
# (`row` stated on its own: the compiled evaluator keeps an undefined row
# in a list; a row missing a field is undefined.)
rows := [row |
	some r in input.registers.risks
	row := [r.likelihood, r.impact, r.residual_likelihood, r.residual_impact, r.score, r.residual_score]
	row
]

whole if count(rows) == count(input.registers.risks)

distinct := {row | some row in rows}

# Every value each factor takes in the register.
values := {
	"likelihood": {row[0] | some row in distinct},
	"impact": {row[1] | some row in distinct},
	"residual_likelihood": {row[2] | some row in distinct},
	"residual_impact": {row[3] | some row in distinct},
} if {
	whole
} else := {
	"likelihood": {r.likelihood | some r in input.registers.risks},
	"impact": {r.impact | some r in input.registers.risks},
	"residual_likelihood": {r.residual_likelihood | some r in input.registers.risks},
	"residual_impact": {r.residual_impact | some r in input.registers.risks},
}

# [factor, value] for each value off the scale.
off contains [field, value] if {
	some field, taken in values
	some value in taken
	value < 1
}

off contains [field, value] if {
	some field, taken in values
	some value in taken
	value > scale
}

deny contains {
	"msg": sprintf("risk %s: %s %d is outside the scale 1–%d", [r.id, field, r[field], scale]),
	"register": "risks",
	"record": r.id,
	"field": field,
} if {
	some [field, value] in off
	some r in input.registers.risks
	r[field] == value
}

# A score is checked once per distinct row where every record has one,
# record by record otherwise.

# Likelihood and impact written as words (`rules.risk.likelihood_words`):
# their ranks are no numbers to multiply, so scores and bands are not
# worked out from them; a configured `matrix` says the level of each pair.
worded if count(object.get(input.settings.risk, "likelihood_words", [])) > 0

worded if count(object.get(input.settings.risk, "impact_words", [])) > 0

matrix := object.get(input.settings.risk, "matrix", [])

deny contains mismatch(r, "score", "likelihood", "impact") if {
	not worded
	not whole
	some r in input.registers.risks
	r.score != r.likelihood * r.impact
}

deny contains mismatch(r, "residual_score", "residual_likelihood", "residual_impact") if {
	not worded
	not whole
	some r in input.registers.risks
	r.residual_score != r.residual_likelihood * r.residual_impact
}

deny contains mismatch(r, "score", "likelihood", "impact") if {
	not worded
	whole
	count(wrong_scores) > 0
	some r in input.registers.risks
	[r.likelihood, r.impact, r.score] in wrong_scores
}

deny contains mismatch(r, "residual_score", "residual_likelihood", "residual_impact") if {
	not worded
	whole
	count(wrong_residual_scores) > 0
	some r in input.registers.risks
	[r.residual_likelihood, r.residual_impact, r.residual_score] in wrong_residual_scores
}

# The [likelihood, impact, score] that do not add up, found among the
# distinct rows; one pass over the records finds those holding them.
wrong_scores := {[l, i, s] | some [l, i, _, _, s, _] in distinct; s != l * i}

wrong_residual_scores := {[l, i, s] | some [_, _, l, i, _, s] in distinct; s != l * i}

deny contains {
	"msg": sprintf("risk %s: %s is %s but the matrix gives %s for %s %d and %s %d", [r.id, level, r[level], expected, l, r[l], i, r[i]]),
	"register": "risks",
	"record": r.id,
	"field": level,
} if {
	count(matrix) > 0
	some r in input.registers.risks
	some [level, l, i] in [["level", "likelihood", "impact"], ["residual_level", "residual_likelihood", "residual_impact"]]
	r[level]
	expected := matrix[r[l] - 1][r[i] - 1]
	r[level] != expected
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

# Every [level field, level, likelihood, impact] held by a record that
# states a level: the inherent one, and the residual one of the residual
# factors.
levelled := {["level", r.level, r.likelihood, r.impact] | some r in input.registers.risks; r.level} | {["residual_level", r.residual_level, r.residual_likelihood, r.residual_impact] | some r in input.registers.risks; r.residual_level}

# The band of every score on the scale, worked out once; scores off the
# scale fall back to `band`.
bands := {s: band(s) | some s in numbers.range(1, scale * scale)}

expected_band(s) := bands[s]

expected_band(s) := band(s) if not bands[s]

deny contains {
	"msg": sprintf("risk %s: %s is %s but the score %d falls in the %s band (from %d)", [r.id, replace(f, "_", " "), r[f], l * i, expected, levels[expected]]),
	"register": "risks",
	"record": r.id,
	"field": f,
} if {
	not worded
	count(matrix) == 0
	some [f, level, l, i] in levelled
	expected := expected_band(l * i)
	level != expected
	some r in input.registers.risks
	[r[f], r[factor(f, "likelihood")], r[factor(f, "impact")]] == [level, l, i]
}

# The factor a level is worked out from: `residual_likelihood` for the
# residual level.
factor("level", name) := name

factor("residual_level", name) := concat("_", ["residual", name])
