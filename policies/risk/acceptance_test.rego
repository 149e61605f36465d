package isms.risk.acceptance_test

import data.isms.risk.acceptance

people := {"ceo": {"top_management": true}, "cto": {"top_management": false}, "dev": {"top_management": false}}

refs := {
	"ceo": {"kind": "person", "people": ["ceo"], "active_people": ["ceo"]},
	"CTO": {"kind": "role", "people": ["cto"], "active_people": ["cto"]},
	"cto": {"kind": "person", "people": ["cto"], "active_people": ["cto"]},
	"dev": {"kind": "person", "people": ["dev"], "active_people": ["dev"]},
}

deny_for(risk) := denials if {
	base := {"id": "R-1", "owner": "CTO", "treatment": "mitigate", "likelihood": 4, "impact": 5}
	denials := acceptance.deny with input as {
		"now": "2026-11-27",
		"settings": {"risk": {"acceptance_threshold": 9}},
		"people": people,
		"refs": refs,
		"registers": {"risks": [object.union(base, risk)]},
	}
}

fields(denials) := {d.field | some d in denials}

test_residual_below_threshold_needs_no_acceptance if {
	count(deny_for({"residual_likelihood": 3, "residual_impact": 3, "residual_score": 9})) == 0
}

test_residual_computed_from_factors if {
	fields(deny_for({"residual_likelihood": 2, "residual_impact": 5})) == {"accepted_by"}
}

test_inherent_score_counts_without_residual if {
	fields(deny_for({})) == {"accepted_by"}
}

test_accepted_by_the_owner_passes if {
	count(deny_for({"residual_score": 12, "accepted_by": "cto", "accepted_on": "2026-05-01"})) == 0
}

test_accepted_by_top_management_passes if {
	count(deny_for({"residual_score": 12, "accepted_by": "ceo", "accepted_on": "2026-05-01"})) == 0
}

test_accepted_by_someone_else_is_denied if {
	some d in deny_for({"residual_score": 12, "accepted_by": "dev", "accepted_on": "2026-05-01"})
	d.field == "accepted_by"
	contains(d.msg, "neither the risk owner nor in top management")
}

test_undated_acceptance_is_denied if {
	fields(deny_for({"residual_score": 12, "accepted_by": "ceo"})) == {"accepted_on"}
}

test_expired_acceptance_is_denied if {
	fields(deny_for({"residual_score": 12, "accepted_by": "ceo", "accepted_on": "2025-05-01", "acceptance_expires": "2026-05-01"})) == {"acceptance_expires"}
}

test_missing_treatment_is_denied if {
	denials := acceptance.deny with input as {
		"now": "2026-11-27",
		"settings": {"risk": {"acceptance_threshold": 9}},
		"people": people,
		"refs": refs,
		"registers": {"risks": [{"id": "R-1", "owner": "CTO", "likelihood": 1, "impact": 1}]},
	}
	fields(denials) == {"treatment"}
}

test_a_closed_risk_above_the_threshold_needs_no_acceptance if {
	count(deny_for({"residual_score": 15, "status": "closed"})) == 0
	count(deny_for({"residual_score": 15, "status": "open"})) == 1
}
