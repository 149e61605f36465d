# METADATA
# title: The information security policy has the sections clause 5.2 requires
# description: >-
#   Clause 5.2 requires the policy to include (or frame) the information
#   security objectives, a commitment to satisfy applicable requirements and a
#   commitment to continual improvement. Each heading listed in
#   `rules.policy_sections` must appear in the policy (case is ignored).
# custom:
#   id: ISMS-POL-004
#   clauses: ["5.2"]
#   controls: ["A.5.1"]
#   remediation: Add the missing section to the policy, under a heading with that name.
package isms.leadership.policy_content

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
}
