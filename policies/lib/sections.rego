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
