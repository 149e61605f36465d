# METADATA
# title: The scope and the governing documents are owned, approved and current
# description: >-
#   The ISMS scope (4.3) is documented and approved by top management.
#   Documented information is controlled (7.5.2, 7.5.3): every
#   topic-specific policy (A.5.1) names its approver, and every procedure,
#   standard and plan states its approval (an approver, or a status that
#   says approved) — in its front matter, its document-control table or the
#   sentence under its title, or evidenced by an approval rule of isms.toml
#   that governs the file (every change to it then needs signed approval).
#   A document still a draft is not approved. Other documented information
#   (records, minutes, pages of a site) needs none of this. A policy whose
#   review date has passed is overdue.
# custom:
#   id: ISMS-DOC-001
#   clauses: ["4.3", "5.2", "7.5.2", "7.5.3"]
#   controls: ["A.5.1"]
#   remediation: >-
#     Add the scope document approved by top management; record each
#     governing document's owner, approval and next review in its front
#     matter or document-control table, or govern it with an [[approval]]
#     rule.
package isms.leadership.documents

import data.isms.lib.dates
import data.isms.lib.people

import data.isms.lib.sections

typed_scopes := [d | some d in input.documents; d.type == "scope"]

# Without a scope document, an ISMS manual stating the scope in a section
# of its own ("2. Scope") documents it (two exclusive definitions: see
# policy_exists.rego).
sectioned := sort([d.path | some d in sections.manuals; sections.holds(d, sections.scope_heading)])

scopes := typed_scopes if count(typed_scopes) > 0

scopes := [d | some d in input.documents; d.path == sectioned[0]] if count(typed_scopes) == 0

deny contains {"msg": "the ISMS scope is not documented: no document is titled or typed as the scope", "config": "organisation"} if {
	count(scopes) == 0
}

deny contains {"msg": sprintf("the ISMS scope %s is not approved by top management", [d.id]), "document": d.id, "key": "approved_by"} if {
	some d in scopes
	d.approved_by
	not people.top_management(d.approved_by)
	not people.undecided(d.approved_by)
}

deny contains {"msg": sprintf("the ISMS scope %s records no approval", [d.id]), "document": d.id, "key": "approved_by"} if {
	some d in scopes
	not d.approved_by
	not d.path in governed
	object.get(d, "status", "") != "approved"
}

# What a document of each kind must state about itself, and how a finding
# names it.
needs := {
	"topic-specific-policy": ["approved_by"],
	"procedure": ["approved_by"],
	"standard": ["approved_by"],
	"plan": ["approved_by"],
}

named := {"owner": "no owner", "approved_by": "no approval", "next_review": "no next review date"}

kind_name := {
	"topic-specific-policy": "topic-specific policy",
	"procedure": "procedure",
	"standard": "standard",
	"plan": "plan",
}

# Files whose every change needs signed approval by an [[approval]] rule.
governed := {path | some rule in input.approvals; some path in rule.covers}

lacks(d, "approved_by") if {
	not d.approved_by
	not d.path in governed
	not approved_by_status(d)
}

# A procedure, standard or plan whose status says it is approved: its
# approval is stated (a policy names its approver, A.5.1).
approved_by_status(d) if {
	d.type != "topic-specific-policy"
	d.status == "approved"
}

# (Or whose control gives the date it was approved on: a procedure's
# approval is recorded, the approver for the auditor to ask.)
approved_by_status(d) if {
	d.type != "topic-specific-policy"
	d.approved_on
}

# (A draft is not in force yet: it needs no approval until it is published.)

lacks(d, "owner") if not d.owner

# A last review date states when the next one falls (one cycle later).
lacks(d, "next_review") if {
	not d.next_review
	not d.last_reviewed
}

deny contains {
	"msg": sprintf("%s %s states %s", [kind_name[d.type], d.id, concat(", ", missing)]),
	"document": d.id,
	"key": first,
} if {
	some d in input.documents
	not d.status in {"draft", "retired", "superseded"}
	keys := needs[d.type]
	missing_keys := [k | some k in keys; lacks(d, k)]
	count(missing_keys) > 0
	missing := [why | some k in missing_keys; why := reason(d, k)]
	first := missing_keys[0]
}

reason(d, "approved_by") := "no approval (it is a draft)" if {
	d.status == "draft"
} else := named.approved_by

reason(d, key) := named[key] if key != "approved_by"

deny contains {"msg": sprintf("%s %s was due for review on %s", [kind_name[d.type], d.id, d.next_review]), "document": d.id, "key": "next_review"} if {
	some d in input.documents
	kind_name[d.type]
	not d.status in {"draft", "retired", "superseded"}
	dates.before_now(d.next_review)
}

deny contains {
	"msg": sprintf("%s %s was last reviewed on %s, more than its review cycle of %d months ago", [kind_name[d.type], d.id, d.last_reviewed, dates.cycle_months(d)]),
	"document": d.id,
	"key": "last_reviewed",
} if {
	some d in input.documents
	kind_name[d.type]
	not d.status in {"draft", "retired", "superseded"}
	not d.next_review
	dates.older_than_months(d.last_reviewed, dates.cycle_months(d))
}
