# METADATA
# title: Every risk owner holds a management-level role
# description: >-
#   A risk owner (6.1.2 c) has the accountability and authority to manage
#   the risk, which includes approving its treatment plan and accepting the
#   residual risk (6.1.3 f). The owner must be an active person holding a
#   role marked `management = true` or `top_management = true` in
#   isms.toml, or be such a role, where the risk stays above the appetite
#   after treatment (its owner must accept it or take it to who can): a
#   risk within the appetite may be owned by whoever manages it. Owners that
#   do not resolve at all are reported by ISMS-RISK-001; people isms.toml
#   gives no role yet are a to-do of ISMS-ROLE-001.
# custom:
#   id: ISMS-RISK-006
#   clauses: ["6.1.2", "6.1.3", "5.3"]
#   remediation: >-
#     Assign the risk to a manager, or mark the owner's role
#     `management = true` in isms.toml if it carries that authority.
package isms.risk.owner_accountable

import data.isms.lib.people
import data.isms.lib.risks

accountable(ref) if {
	input.refs[ref].kind == "person"
	some p in input.refs[ref].active_people
	input.people[p].management
}

accountable(ref) if {
	input.refs[ref].kind == "role"
	input.roles[input.refs[ref].id].management
	count(input.refs[ref].active_people) > 0
}

deny contains {
	"msg": sprintf("risk %s is above the appetite and owned by %q, who holds no management-level role to accept it or take it to who can", [r.id, r.owner]),
	"register": "risks",
	"record": r.id,
	"field": "owner",
} if {
	# One pass over the risks, the owner looked up in a set (a pass over
	# every risk for each owner made the organisation check 8x slower), and
	# none when no owner is wanting.
	count(unaccountable) > 0
	some r in input.registers.risks
	# Not accepted at all: ISMS-RISK-003 says so; one defect, one finding.
	r.accepted_by
	r.owner in unaccountable
	risks.above_appetite(r)
}

# Each reference judged once, not once per risk it owns.
# Only the owners of accepted risks are asked (every reference of the
# organisation was, each through its holders).
unaccountable := {ref |
	some ref in {r.owner | some r in input.registers.risks; r.accepted_by}
	count(input.refs[ref].active_people) > 0
	not accountable(ref)
	not people.undecided(ref)
}
