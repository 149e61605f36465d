# Helpers about risks shared by the built-in rules.
package isms.lib.risks

threshold := input.settings.risk.acceptance_threshold

ranks := {"low": 1, "medium": 2, "high": 3, "very-high": 4}

# Risk factors written as words (rules.risk.likelihood_words): their
# products are not scores on the threshold's scale.
worded if count(object.get(input.settings.risk, "likelihood_words", [])) > 0

worded if count(object.get(input.settings.risk, "impact_words", [])) > 0

acceptance_level := object.get(input.settings.risk, "acceptance_level", "medium")

# True when a risk's residual level or score is above the appetite: whoever
# owns it must be able to accept it or take it to who can.
above_appetite(r) if r.residual_score > threshold

above_appetite(r) if {
	not r.residual_score
	not worded
	not r.residual_level
	r.residual_likelihood * r.residual_impact > threshold
}

above_appetite(r) if {
	not r.residual_score
	not worded
	not r.residual_level
	not r.residual_likelihood
	r.likelihood * r.impact > threshold
}

above_appetite(r) if {
	not r.residual_score
	ranks[r.residual_level] > ranks[acceptance_level]
}

above_appetite(r) if {
	not r.residual_score
	not r.residual_level
	worded
	ranks[r.level] > ranks[acceptance_level]
}
