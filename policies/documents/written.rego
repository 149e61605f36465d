# METADATA
# title: Documents are written, not template prompts
# description: >-
#   A document whose text is still a template's instructions or blanks —
#   "State the purpose … in your own words", "Describe in one line what the
#   ISMS covers", `<Policy Name>`, `[ORG NAME]`, `YYYY-MM-DD`, `_____` — was
#   never written: the policy (5.2) or scope (4.3) it stands for does not
#   exist yet, however complete its metadata looks. One finding per
#   document, at its first prompt, saying how many are left; the scope line
#   of `[organisation]` in isms.toml is judged the same way.
# custom:
#   id: ISMS-DOC-003
#   clauses: ["4.3", "5.2", "7.5.2"]
#   controls: ["A.5.1"]
#   remediation: >-
#     Replace each instruction with the organisation's own text, and each
#     blank with its value.
package isms.documents.written

what := {
	"topic-specific-policy": "topic-specific policy",
	"procedure": "procedure",
	"standard": "standard",
	"plan": "plan",
	"minutes": "minutes",
	"record": "record",
}

name(d) := "the information security policy" if {
	d.type == "information-security-policy"
} else := "the ISMS scope" if {
	d.type == "scope"
} else := sprintf("%s %s", [object.get(what, d.type, "document"), d.id])

deny contains {
	"msg": sprintf("%s is still a template: %s", [name(d), left(d.prompts)]),
	"document": d.id,
	"line": d.prompts[0].line,
} if {
	some d in input.documents
	count(d.prompts) > 0
}

left(ps) := sprintf("\"%s\" is an instruction to replace", [short(ps[0].text)]) if {
	count(ps) == 1
} else := sprintf("\"%s\" and %d more instructions or blanks are left as written", [short(ps[0].text), count(ps) - 1])

short(text) := text if {
	count(text) <= 80
} else := sprintf("%s…", [substring(text, 0, 77)])

deny contains {
	"msg": sprintf("the ISMS scope in isms.toml is still a template's instruction: \"%s\"", [input.organisation.scope]),
	"config": "organisation.scope",
} if {
	input.organisation.scope_is_prompt
}
