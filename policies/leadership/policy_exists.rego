# METADATA
# title: Information security policy exists
# description: >-
#   The ISMS has exactly one top-level information security policy: a
#   document whose front matter says `type = "information-security-policy"`,
#   or, without one, an ISMS manual holding the policy as a section.
#   Clause 5.2 requires top management to establish it; without it there is
#   nothing for leadership to approve or communicate.
# custom:
#   id: ISMS-POL-001
#   clauses: ["5.2"]
#   controls: ["A.5.1"]
#   remediation: >-
#     Write the information security policy as a Markdown document titled
#     as such (or say `type: information-security-policy` in its metadata),
#     with its owner and its approval (who approved it, and when).
package isms.leadership.policy_exists

import data.isms.lib.sections

# The policy, or the manual that stands for it (lib/sections).
policies := sections.policy_documents

deny contains {
	"msg": "no information security policy: no document is titled or typed as the information security policy",
	"config": "organisation",
} if {
	count(policies) == 0
}

deny contains {
	"msg": sprintf("%d documents claim to be the information security policy (%s); there must be one", [count(policies), concat(", ", ids)]),
	"document": d.id,
	"key": "type",
} if {
	count(policies) > 1
	ids := sort([p.id | some p in policies])
	some d in policies
	d.id != ids[0]
}
