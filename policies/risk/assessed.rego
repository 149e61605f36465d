# METADATA
# title: Risks have been identified and assessed
# description: >-
#   Clause 6.1.2 requires information security risks to be identified,
#   analysed and evaluated, and clause 8.2 the assessment to be performed
#   and its results kept as documented information. A risk register with no
#   risk in it is an assessment that has not been made: an error. When no
#   risk register is kept in the ISMS at all, its results are not in the
#   ISMS either: a warning (they may live in another tool an auditor will
#   ask to see).
# custom:
#   id: ISMS-RISK-007
#   clauses: ["6.1.2", "8.2"]
#   remediation: >-
#     Identify the risks to the information in scope, assess their
#     likelihood and impact, and record each in the risk register.
package isms.risk.assessed

deny contains {
	"msg": sprintf("no risk has been assessed: the risk register holds no risk%s", [soa_note]),
	"register": "risks",
} if {
	input.register_files.risks
	count(input.registers.risks) == 0
}

# A Statement of Applicability chosen without any risk to treat.
soa_note := sprintf(", so the %d controls the Statement of Applicability applies answer no assessed risk (6.1.3)", [n]) if {
	n := count([c | some c in input.registers.soa; c.applicable == true])
	n > 0
} else := ""

warn contains {
	"msg": "no risk register is kept in the ISMS: the results of the risk assessment (8.2) are not here",
	"config": "organisation",
} if {
	not input.register_files.risks
	count(input.registers.risks) == 0
}
