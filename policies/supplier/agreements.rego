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
	grounds := array.concat(rated(s), handles(s))
	count(grounds) > 0
}

# Why the supplier calls for clauses: its rating, the data it handles.
# (Functions of one definition each way, not conditions inside a
# comprehension: the VM compiles every rule together.)
rated(s) := [sprintf("rated %s", [s.criticality])] if s.criticality in demanding

rated(s) := [] if not s.criticality in demanding

handles(s) := [sprintf("handles %s", [s.data])] if sensitive(s.data)

handles(s) := [] if not sensitive(s.data)

# Data about people or customers, unless it says none is handled.
# (Not a parameter named `data`: that is the root of every document, and
# the VM compiles no rule that shadows it.)
sensitive(handled) if {
	text := lower(handled)
	regex.match(`personal|personnel|personenbezogen|customer|client|kunden|patient|employee|health|payment|cardholder|pii`, text)
	not regex.match(`^\s*(no|none|n/a|non|aucune?|keine)\b`, text)
}
