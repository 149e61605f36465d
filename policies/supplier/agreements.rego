# METADATA
# title: Critical suppliers' agreements state security requirements
# description: >-
#   Control A.5.20 asks for the information security requirements to be
#   established and agreed with each supplier according to the type of
#   relationship. A supplier rated `high` or `critical`, or handling personal
#   or customer data, whose agreement is recorded as having no security
#   clauses is a gap. A register that does not record the clauses, or a
#   supplier whose clauses are not recorded, raises nothing here; nor does
#   an offboarded supplier.
# custom:
#   id: ISMS-SUP-002
#   clauses: ["8.1"]
#   controls: ["A.5.19", "A.5.20", "A.5.21"]
#   remediation: >-
#     Agree security clauses with the supplier (confidentiality, access,
#     incident notification, right to audit, sub-processors) and record
#     them; or record why the supplier's rating does not call for them.
package isms.supplier.agreements

demanding := {"high", "critical"}

deny contains {
	"msg": sprintf("supplier %s (%s) has no security clauses in its agreement", [s.name, concat(", ", grounds)]),
	"register": "suppliers",
	"record": s.id,
	"field": "security_clauses",
} if {
	some s in input.registers.suppliers
	object.get(s, "status", "active") != "offboarded"
	s.security_clauses == false
	rated := [sprintf("rated %s", [s.criticality]) | s.criticality in demanding]
	handles := [sprintf("handles %s", [s.data]) | sensitive(s.data)]
	grounds := array.concat(rated, handles)
	count(grounds) > 0
}

# Data about people or customers, unless it says none is handled.
sensitive(data) if {
	text := lower(data)
	regex.match(`personal|personnel|personenbezogen|customer|client|kunden|patient|employee|health|payment|cardholder|pii`, text)
	not regex.match(`^\s*(no|none|n/a|non|aucune?|keine)\b`, text)
}
