# METADATA
# title: Internal audits run every cycle, by independent auditors
# description: >-
#   Clause 9.2: the audit programme has an audit performed within the last
#   `rules.review_interval_months`, an audit planned for a date that has
#   passed is recorded as performed (or under way, or cancelled), and an
#   auditor does not audit their own
#   work: the auditor is not among the people owning the audited area, and
#   does not own a risk whose treatment relies on a control the audit's
#   scope names, nor such a control in the Statement of Applicability (the
#   auditor is matched as written when isms.toml does not say who they are).
# custom:
#   id: ISMS-AUD-001
#   clauses: ["9.2.1", "9.2.2"]
#   remediation: >-
#     Perform and record the internal audit; assign an auditor from outside
#     the audited area.
package isms.audit.programme

import data.isms.lib.dates
import data.isms.lib.people

audits := input.registers.audits

# Internal audits (an audit of no stated type is one).
internal := [a | some a in audits; object.get(a, "type", "internal") == "internal"]

# When each internal audit was performed: its date, or, for a
# programme's row that says it is done (`Done 19-20 May`) and gives only
# the planned month, that month. (Sets, not a function of two
# definitions in a comprehension: regorus's compiled VM keeps its
# undefined values.)
held_dates := {a.performed_on | some a in internal; a.performed_on} | {a.planned_on | some a in internal; not a.performed_on; a.status == "completed"; a.planned_on}

performed := [d | some d in held_dates; not dates.older_than_months(d, input.settings.review_interval_months)]

deny contains {
	"msg": sprintf("internal audit %s names no auditor", [a.id]),
	"register": "audits",
	"record": a.id,
	"field": "auditor",
} if {
	some a in internal
	not a.auditor
	not past_cycle(a)
	auditors_recorded
}

# The register records who audits (some audit names its auditor): a
# programme table without an auditor column leaves that to its text
# (`carried out by Lindqvist Assurance`), for the auditor to read.
auditors_recorded if {
	some a in audits
	a.auditor
}

# An audit of a past cycle (performed before the last interval): its
# record stays as it is; who audits is asked of the current one.
past_cycle(a) if dates.older_than_months(a.performed_on, input.settings.review_interval_months)

# Reports of an internal audit kept as documents.
reports := [d | some d in input.documents; not d.type in {"procedure", "topic-specific-policy", "information-security-policy", "standard"}; regex.match(`internal.audit|audit.report|audit.programme|audit.program|audit.interne|internes.audit|interne.audit|auditbericht|auditoría.interna|auditoria.interna|audit.interno|interne.audit`, lower(concat(" ", [d.title, d.path])))]

deny contains {
	"msg": sprintf("no internal audit was performed in the last %d months", [input.settings.review_interval_months]),
	"register": "audits",
} if {
	input.register_files.audits
	count(performed) == 0
}

# An internal audit the programme planned, whose planned date has passed
# within the interval, recorded neither as performed nor as under way or
# cancelled: the programme is not being carried out as planned (9.2.2).
# Where no audit at all was performed in the interval, the finding above
# says so once.
deny contains {
	"msg": sprintf("internal audit %s was planned for %s and is not recorded as performed", [a.id, a.planned_on]),
	"register": "audits",
	"record": a.id,
	"field": "performed_on",
} if {
	count(performed) > 0
	some a in internal
	is_string(a.planned_on)
	not a.performed_on
	not object.get(a, "status", "planned") in {"completed", "in-progress", "cancelled"}
	a.planned_on < input.now
	not dates.older_than_months(a.planned_on, input.settings.review_interval_months)
}

warn contains {
	"msg": "no internal audit is recorded in this ISMS: no audits register, no audit report, and no document says when one was performed or where its reports are kept",
	"config": "organisation",
} if {
	not input.register_files.audits
	count(reports) == 0
	not mentioned
}

# Without an audits register, audit reports kept as documents, each dated
# by the date it gives for the audit (`**Fecha de la auditoría:**
# 20/05/2025`): the latest more than the interval ago, and no document
# saying a later one was performed, is the same gap.
report_dates := {r.path: max(held) |
	some r in reports
	held := {m.date | some m in object.get(r, "mentions", []); m.topic == "internal_audit"; is_string(m.date)}
	count(held) > 0
}

deny contains {
	"msg": sprintf("the latest internal audit on record is dated %s (%s), more than %d months before %s", [latest_report, path, input.settings.review_interval_months, input.now]),
	"document": d.id,
} if {
	not input.register_files.audits
	count(reports) > 0
	count(report_dates) == count({r.path | some r in reports})
	latest_report := max({dt | some dt in report_dates})
	dates.older_than_months(latest_report, input.settings.review_interval_months)
	not mentioned
	some path, dt in report_dates
	dt == latest_report
	some d in reports
	d.path == path
}

mentioned if {
	some d in input.documents
	count(object.get(d, "prompts", [])) == 0
	some m in object.get(d, "mentions", [])
	m.topic == "internal_audit"
	m.kept_elsewhere
}

mentioned if {
	some d in input.documents
	count(object.get(d, "prompts", [])) == 0
	some m in object.get(d, "mentions", [])
	m.topic == "internal_audit"
	is_string(m.date)
	not dates.older_than_months(m.date, input.settings.review_interval_months)
}

deny contains {
	"msg": sprintf("audit %s: the auditor %q is responsible for the audited area %q", [a.id, a.auditor, a.area]),
	"register": "audits",
	"record": a.id,
	"field": "auditor",
} if {
	some a in audits
	people.share(a.auditor, a.area)
}

# The controls an audit's scope names (`A.8.2, A.8.7`).
scoped(a) := {c | some m in regex.find_n(`A\.[5-8]\.[0-9]+`, object.get(a, "scope", ""), -1); c := m}

# Two references name the same someone: the same people, or the same words.
same(x, y) if lower(trim_space(x)) == lower(trim_space(y))

# The risk owners each auditor is (or holds the role of), asked once per
# distinct owner rather than once per risk.
auditor_owns := {a.auditor: {o | some o in risk_owners; same(o, a.auditor)} | some a in audits; is_string(a.auditor)}

# is_string asked once per distinct owner (a builtin called per risk cost
# more than the pass).
risk_owners := {o | some o in {r.owner | some r in input.registers.risks}; is_string(o)}

same(x, y) if people.share(x, y)

deny contains {
	"msg": sprintf("audit %s: the auditor %q owns risk %s, treated by %s, which the audit covers", [a.id, a.auditor, r.id, c]),
	"register": "audits",
	"record": a.id,
	"field": "auditor",
} if {
	some a in audits
	a.auditor
	controls := scoped(a)
	count(controls) > 0
	# No pass over the risks for an auditor who owns none.
	count(auditor_owns[a.auditor]) > 0
	some r in input.registers.risks
	r.owner in auditor_owns[a.auditor]
	some c in r.controls
	c in controls
	# One finding per audit: the first such risk and control.
	[r.id, c] == min({[r2.id, c2] | some r2 in input.registers.risks; r2.owner in auditor_owns[a.auditor]; some c2 in r2.controls; c2 in controls})
}

deny contains {
	"msg": sprintf("audit %s: the auditor %q owns %s in the Statement of Applicability, which the audit covers", [a.id, a.auditor, c.id]),
	"register": "audits",
	"record": a.id,
	"field": "auditor",
} if {
	some a in audits
	a.auditor
	controls := scoped(a)
	some c in input.registers.soa
	c.id in controls
	c.owner
	same(c.owner, a.auditor)
	not owns_a_treating_risk(a, controls)
	c.id == min({c2.id | some c2 in input.registers.soa; c2.id in controls; c2.owner; same(c2.owner, a.auditor)})
}

owns_a_treating_risk(a, controls) if {
	count(auditor_owns[a.auditor]) > 0
	some r in input.registers.risks
	r.owner in auditor_owns[a.auditor]
	some c in r.controls
	c in controls
}
