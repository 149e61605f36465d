# METADATA
# title: The information security policy states what clause 5.2 requires
# description: >-
#   Clause 5.2 requires the policy to include the information security
#   objectives (or the framework for setting them), a commitment to satisfy
#   applicable requirements and a commitment to continual improvement. Each
#   entry of `rules.policy_sections` is satisfied by a heading of that name
#   (case is ignored) or, for the three topics of 5.2, by the policy's own
#   words wherever they are: a heading or sentence on its objectives; one
#   committing to legal, regulatory or contractual requirements; one on
#   continually improving the ISMS (`topics` of the document in the input).
#   How the policy's headings are named does not matter.
# custom:
#   id: ISMS-POL-004
#   clauses: ["5.2"]
#   controls: ["A.5.1"]
#   remediation: >-
#     State the missing commitment in the policy, in a section of its own or
#     in a sentence of an existing one.
package isms.leadership.policy_content

# What each topic of 5.2 is, in the words of a finding.
looked_for := {
	"objectives": "its information security objectives, or the framework for setting them",
	"requirements": "a commitment to satisfy applicable legal, regulatory and contractual requirements",
	"improvement": "a commitment to continual improvement of the ISMS",
}

# The topic a configured section asks for, by its words.
topic(section) := "objectives" if {
	contains(lower(section), "objective")
} else := "improvement" if {
	contains(lower(section), "improv")
} else := "requirements" if {
	regex.match(`requirement|legal|complian`, lower(section))
}

# A policy still a template (ISMS-DOC-003 says so) states nothing yet: its
# missing commitments are that one defect.
deny contains {
	"msg": sprintf("the information security policy %s does not state %s (looked for a heading \"%s\" or a sentence saying so)", [d.id, looked_for[t], section]),
	"document": d.id,
	"key": "title",
} if {
	some d in input.documents
	d.type == "information-security-policy"
	count(object.get(d, "prompts", [])) == 0
	headings := {lower(h.text) | some h in d.headings}
	some section in input.settings.policy_sections
	not headings[lower(section)]
	t := topic(section)
	not object.get(d, ["topics", t], false)
}

deny contains {
	"msg": sprintf("the information security policy %s has no section \"%s\"", [d.id, section]),
	"document": d.id,
	"key": "title",
} if {
	some d in input.documents
	d.type == "information-security-policy"
	headings := {lower(h.text) | some h in d.headings}
	some section in input.settings.policy_sections
	not headings[lower(section)]
	not topic(section)
}
