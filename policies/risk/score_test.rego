package isms.risk.score_test

import data.isms.risk.score

deny_for(risk) := denials if {
	denials := score.deny with input as {
		"settings": {"risk": {"scale": 5, "levels": {"low": 1, "medium": 5, "high": 10, "very-high": 17}}},
		"registers": {"risks": [object.union({"id": "R-1"}, risk)]},
}
}

test_consistent_scores_pass if {
	count(deny_for({"likelihood": 3, "impact": 4, "score": 12, "residual_likelihood": 2, "residual_impact": 2, "residual_score": 4})) == 0
}

test_missing_score_passes if {
	count(deny_for({"likelihood": 3, "impact": 4})) == 0
}

test_wrong_score_is_denied_at_score if {
	denials := deny_for({"likelihood": 3, "impact": 4, "score": 11})
	count(denials) == 1
	some d in denials
	d.field == "score"
	d.msg == "risk R-1: score is 11 but likelihood × impact is 3 × 4 = 12"
}

test_wrong_residual_score_is_denied if {
	some d in deny_for({"likelihood": 3, "impact": 4, "residual_likelihood": 2, "residual_impact": 3, "residual_score": 5})
	d.field == "residual_score"
}

test_factor_off_the_scale_is_denied if {
	denials := deny_for({"likelihood": 6, "impact": 1})
	count(denials) == 1
	some d in denials
	d.field == "likelihood"
}

test_zero_is_off_the_scale if {
	count(deny_for({"likelihood": 0, "impact": 2})) == 1
}

test_level_in_its_band_passes if {
	count(deny_for({"likelihood": 3, "impact": 3, "level": "medium"})) == 0
	count(deny_for({"likelihood": 2, "impact": 5, "level": "high"})) == 0
	count(deny_for({"likelihood": 5, "impact": 5, "level": "very-high"})) == 0
	count(deny_for({"likelihood": 1, "impact": 4, "level": "low"})) == 0
}

test_level_outside_its_band_is_denied_at_level if {
	denials := deny_for({"likelihood": 3, "impact": 3, "level": "high"})
	count(denials) == 1
	some d in denials
	d.field == "level"
	d.msg == "risk R-1: level is high but the score 9 falls in the medium band (from 5)"
}

test_residual_level_outside_its_band_is_denied_at_residual_level if {
	denials := deny_for({"likelihood": 4, "impact": 4, "level": "high", "residual_likelihood": 4, "residual_impact": 4, "residual_level": "medium"})
	count(denials) == 1
	some d in denials
	d.field == "residual_level"
	d.msg == "risk R-1: residual level is medium but the score 16 falls in the high band (from 10)"
}

test_residual_level_in_its_band_passes if {
	count(deny_for({"likelihood": 4, "impact": 4, "level": "high", "residual_likelihood": 1, "residual_impact": 4, "residual_level": "low"})) == 0
}
