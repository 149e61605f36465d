# METADATA
# title: Residual risk above the threshold is accepted by its owner
# description: >-
#   Every risk has a treatment option (6.1.3 a), recorded or read from the
#   treatment in words. A risk whose residual score
#   (the inherent score when no residual is recorded) is above the acceptance
#   threshold (`rules.risk.acceptance_threshold`) must be formally accepted
#   (6.1.3 f, 8.3): `accepted_by` names the risk owner or a member of top
#   management, `accepted_on` dates it, and `acceptance_expires`, when given,
#   has not passed. A risk being treated to a date not yet come
#   (`treatment_due`) needs none until that date; a closed risk needs none.
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
	not r.treatment_plan
	not unaccepted_above(r)
}

# The treatment option: as recorded, or read from the first word of the
# treatment in words (`Accept: the cost exceeds the loss`, `Transfer to
# the insurer`); any other plan of action mitigates.
option(r) := r.treatment

option(r) := plan_option(r.treatment_plan) if not r.treatment

# (Exclusive definitions rather than an `else`: regorus's compiled VM read
# that chain otherwise than its interpreter.)
plan_option(text) := plan_words[first_word(text)]

plan_option(text) := "mitigate" if not plan_words[first_word(text)]

first_word(text) := w if {
	words := regex.find_n(`[a-z]+`, lower(text), 1)
	w := words[0]
}

first_word(text) := "" if count(regex.find_n(`[a-z]+`, lower(text), 1)) == 0

plan_words := {
	"accept": "accept", "accepted": "accept", "acceptance": "accept", "retain": "accept",
	"retained": "accept", "tolerate": "accept", "tolerated": "accept", "transfer": "transfer",
	"transferred": "transfer", "share": "transfer", "shared": "transfer", "insure": "transfer",
	"insurance": "transfer", "insured": "transfer", "avoid": "avoid", "avoided": "avoid",
	"terminate": "avoid", "terminated": "avoid", "discontinue": "avoid", "stop": "avoid",
}

# Treated to a date that has not come yet: the plan, not an acceptance,
# answers for the risk until then (6.1.3 e); once the date passes with the
# risk still above the threshold, it must be accepted.
in_treatment(r) if {
	option(r) != "accept"
	r.treatment_due
	not dates.before_now(r.treatment_due)
}

# Above the appetite with neither a treatment nor an acceptance: one
# defect, said once.
unaccepted_above(r) if {
	above_set[r]
	not r.accepted_by
	not in_treatment(r)
	not accepted_in_words(r)
}

# `Accept (Daniel Okafor, 12/02/2026)` in the treatment column: accepted,
# and dated, in words (who accepted is in the words, for the auditor).
accepted_in_words(r) if {
	not r.accepted_by
	option(r) == "accept"
	r.accepted_on
}

# `Accepted – cost not justified. Accepted by Priya Nair, 20 May 2026`:
# who and when, in the treatment's own words.
accepted_in_words(r) if {
	not r.accepted_by
	option(r) == "accept"
	regex.match(`accepted by [^,;.]+[,;]? *(on )?([0-9]{1,2}[ /.-]([a-z]+|[0-9]{1,2})[ /.-][0-9]{2,4}|[0-9]{4}-[0-9]{2}-[0-9]{2})`, lower(object.get(r, "treatment_plan", "")))
}

# The same risks as a set: a lookup, not a scan of the list per risk.
above_set := {r | some r in above}

unhandled(r) := ", and neither a treatment nor an acceptance is recorded" if {
	not r.treatment
	not r.treatment_plan
}

unhandled(r) := sprintf("; its treatment was due on %s, and nobody accepted it", [r.treatment_due]) if {
	treated_in_words(r)
	option(r) != "accept"
	r.treatment_due
}

unhandled(r) := " but nobody accepted it" if {
	treated_in_words(r)
	not due_unaccepted(r)
}

treated_in_words(r) if r.treatment

treated_in_words(r) if r.treatment_plan

due_unaccepted(r) if {
	option(r) != "accept"
	r.treatment_due
}

deny contains finding(r, "accepted_by", sprintf("%s%s", [beyond(r), unhandled(r)])) if {
	some r in above
	not r.accepted_by
	not in_treatment(r)
	not accepted_in_words(r)
}

deny contains finding(r, "accepted_on", "the acceptance is not dated") if {
	some r in above
	r.accepted_by
	not r.accepted_on
	not dated_note(r)
}

# An acceptance recorded as a body's decision (`ORC 2026-09 min 4.2`, `Board
# resolution 2026/14`): accepted by that body, as its minutes show.
decision(text) if regex.match(`(^|[^a-z])(min|mins|minute|minutes|decision|resolution)([^a-z]|$)`, lower(text))

# An acceptance kept as a note of its own, linked from the register (`see
# [[Risk Acceptance R-05]]`): the note, by its file name or title.
note(r) := d if {
	contains(r.accepted_by, "[[")
	found := regex.find_all_string_submatch_n(`\[\[([^\]|#]+)`, r.accepted_by, 1)
	name := lower(trim_space(found[0][1]))
	some d in input.documents
	note_named(d, name)
}

note_named(d, name) if lower(trim_suffix(regex.replace(d.path, `^.*/`, ""), ".md")) == name

note_named(d, name) if lower(object.get(d, "title", "")) == name

# The note dates the acceptance (`accepted-on:`, or its approval date).
dated_note(r) if {
	d := note(r)
	some k in ["accepted-on", "accepted_on", "accepted on", "date"]
	object.get(d, "front_matter", {})[k]
}

dated_note(r) if note(r).approved_on

deny contains finding(r, "accepted_by", sprintf("accepted by %q, who is neither the risk owner nor in top management", [r.accepted_by])) if {
	some r in above
	r.accepted_by
	not note(r)
	not decision(r.accepted_by)
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
