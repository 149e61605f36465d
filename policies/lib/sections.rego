# Sections of an ISMS manual: one document that states the scope, the
# policy and the rest under headings of its own ("2. Scope", "3.
# Information security policy"), as small organisations often write it.
package isms.lib.sections

# A document that is the ISMS itself, by its title: a manual, or the
# information security management system described.
manuals := [d |
	some d in input.documents
	regex.match(`(^|[^a-z])(isms|information security management system|security manual|manual)([^a-z]|$)`, lower(object.get(d, "title", "")))
]

# Whether a document has a heading (below its title) that is `pattern`,
# numbered or not.
holds(d, pattern) if {
	some h in object.get(d, "headings", [])
	h.level > 1
	regex.match(pattern, lower(trim_space(h.text)))
}

scope_heading := `^(\d+(\.\d+)*\.?\s+)?(the\s+)?(isms\s+)?scope(\s+of\s+(the\s+)?(isms|information security management system))?$`

policy_heading := `^(\d+(\.\d+)*\.?\s+)?(the\s+|our\s+)?(information\s+security|isms|security)\s+policy(\s+statement)?$`

# The information security policy: the documents typed as it, or, without
# one, the first ISMS manual (by path) holding it as a section, which stands
# for it, its document control the policy's. (Two exclusive definitions,
# not an `else` chain: regorus's compiled VM reads that chain otherwise
# than its interpreter.)
typed_policies := [d | some d in input.documents; d.type == "information-security-policy"]

policy_manuals := sort([d.path | some d in manuals; holds(d, policy_heading)])

policy_documents := typed_policies if count(typed_policies) > 0

policy_documents := [d | some d in input.documents; d.path == policy_manuals[0]] if count(typed_policies) == 0
