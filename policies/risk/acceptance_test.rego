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

# The treatment in words, without an option: its first word is the option.
plan_risk(extra) := object.union({"id": "R-1", "owner": "CTO", "likelihood": 4, "impact": 5}, extra)

deny_plain(risk) := denials if {
	denials := acceptance.deny with input as {
		"now": "2026-11-27",
		"settings": {"risk": {"acceptance_threshold": 9}},
		"people": people,
		"refs": refs,
		"registers": {"risks": [risk]},
	}
}

test_a_plan_in_words_is_a_treatment if {
	count(deny_plain(plan_risk({"likelihood": 1, "treatment_plan": "FileVault and MDM on every laptop"}))) == 0
}

test_a_dated_plan_not_yet_due_answers_for_a_risk_above_the_threshold if {
	count(deny_plain(plan_risk({"treatment_plan": "Reduce: MFA for all admins", "treatment_due": "2027-01-31"}))) == 0
}

test_a_plan_past_its_date_needs_an_acceptance if {
	some d in deny_plain(plan_risk({"treatment_plan": "Reduce: MFA for all admins", "treatment_due": "2026-10-31"}))
	d.field == "accepted_by"
	contains(d.msg, "its treatment was due on 2026-10-31, and nobody accepted it")
}

test_accept_in_words_still_needs_the_acceptance if {
	some d in deny_plain(plan_risk({"treatment_plan": "Accept: multi-region costs more than the penalties", "treatment_due": "2027-01-31"}))
	d.field == "accepted_by"
	endswith(d.msg, "but nobody accepted it")
}

test_an_undated_plan_above_the_threshold_needs_an_acceptance if {
	some d in deny_plain(plan_risk({"treatment_plan": "Annual supplier review"}))
	endswith(d.msg, "but nobody accepted it")
}

test_plan_option_words if {
	acceptance.plan_option("Accept (CEO, 12/02/2026)") == "accept"
	acceptance.plan_option("transfer to the insurer") == "transfer"
	acceptance.plan_option("Terminate the service") == "avoid"
	acceptance.plan_option("Enable S3 Block Public Access") == "mitigate"
}

test_an_acceptance_dated_in_the_treatment_column_is_an_acceptance if {
	count(deny_plain(plan_risk({"treatment": "accept", "accepted_on": "2026-02-12"}))) == 0
}

test_an_acceptance_kept_as_a_linked_note_is_dated_by_the_note if {
	denials := acceptance.deny with input as {
		"now": "2026-11-27",
		"settings": {"risk": {"acceptance_threshold": 9}},
		"people": people,
		"refs": refs,
		"registers": {"risks": [plan_risk({"treatment": "accept", "accepted_by": "see [[Risk Acceptance R-1]]"})]},
		"documents": [{"path": "Risk/Risk Acceptance R-1.md", "front_matter": {"accepted-on": "2026-05-02"}}],
	}
	count(denials) == 0
}

test_a_link_to_no_note_is_no_dated_acceptance if {
	some d in deny_plain(plan_risk({"treatment": "accept", "accepted_by": "see [[Nowhere]]"}))
	d.field == "accepted_on"
}

test_an_acceptance_by_a_minuted_decision_names_the_body if {
	count([d | some d in deny_plain(plan_risk({"treatment": "accept", "accepted_by": "ORC 2026-09 min 4.2", "accepted_on": "2026-09-30"})); d.field == "accepted_by"]) == 0
	some d in deny_plain(plan_risk({"treatment": "accept", "accepted_by": "dev", "accepted_on": "2026-09-30"}))
	d.field == "accepted_by"
}

test_an_acceptance_written_in_the_treatment_with_who_and_when if {
	count(deny_plain(plan_risk({"treatment_plan": "Accepted – cost not justified. **Accepted by Priya Nair, 20 May 2026**, revisit May 2027"}))) == 0
	some d in deny_plain(plan_risk({"treatment_plan": "Accepted – cost not justified"}))
	endswith(d.msg, "but nobody accepted it")
}
