# METADATA
# title: Critical assets are owned and covered by the risk assessment
# description: >-
#   Control A.5.9: every asset has an owner, and for an asset of
#   `criticality = "critical"` that owner resolves to an active person. Clause
#   6.1.2: a critical asset is named by at least one risk in the risk
#   register, so that its risks were actually assessed.
# custom:
#   id: ISMS-ASSET-001
#   clauses: ["6.1.2"]
#   controls: ["A.5.9"]
#   remediation: >-
#     Give the asset an active owner, and add (or link) a risk that covers it.
package isms.assets.critical

# Each name is judged once, however many records share it: the assets the
# risks name are gathered in one pass, and an owner is looked up once.
named := {a | some r in input.registers.risks; some a in r.assets}

# The same names lowered, worked out only for a critical asset not named as
# written (lowering every name the risks write cost more than the rest).
covered := {lower(a) | some a in named}

critical := [a | some a in input.registers.assets; a.criticality == "critical"]

# A critical asset a risk names by its id or its name; judged only when
# the risks name assets at all.
uncovered := {a.id |
	some a in critical
	count(named) > 0
	not a.id in named
	not object.get(a, "name", "") in named
	not lower(a.id) in covered
	not lower(object.get(a, "name", "")) in covered
}

deny contains {
	"msg": sprintf("critical asset %s (%s) is not named by any risk", [a.id, a.name]),
	"register": "assets",
	"record": a.id,
	"field": "criticality",
} if {
	some id in uncovered
	some a in critical
	a.id == id
}

unheld := {owner |
	some owner in {a.owner | some a in critical}
	count(object.get(input.refs, [owner, "active_people"], [])) == 0
	not vacant_role(owner)
}

# A role given to nobody at all: the role's to-do (ISMS-ROLE-001).
vacant_role(ref) if {
	input.refs[ref].kind == "role"
	count(input.refs[ref].people) == 0
}

deny contains {
	"msg": sprintf("critical asset %s is owned by %q, who is not an active person or a role held by one", [a.id, a.owner]),
	"register": "assets",
	"record": a.id,
	"field": "owner",
} if {
	some owner in unheld
	some a in critical
	a.owner == owner
}
