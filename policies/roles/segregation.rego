# METADATA
# title: ISMS roles are filled and conflicting roles are segregated
# description: >-
#   Clause 5.3 and control A.5.2: every role the ISMS needs
#   (`rules.required_roles`, by default every role declared in isms.toml)
#   is held by at least one active person. Control A.5.3: no active person
#   holds both roles of a pair listed in `rules.conflicting_roles`, such as
#   the CISO and the internal auditor.
# custom:
#   id: ISMS-ROLE-001
#   clauses: ["5.3"]
#   controls: ["A.5.2", "A.5.3"]
#   remediation: >-
#     Assign the vacant role to an active person; give one of two conflicting
#     roles to someone else.
package isms.roles.segregation

required := object.get(input.settings, "required_roles", object.keys(input.roles))

deny contains {
	"msg": sprintf("the role %s (%s) is held by no active person", [id, input.roles[id].name]),
	"config": sprintf("roles.%s", [id]),
} if {
	some id in required
	count(input.roles[id].holders) > 0
	count(input.roles[id].active_holders) == 0
}

# A role isms.toml gives to nobody at all: say who holds it. One to-do per
# role, however many records name it.
deny contains {
	"msg": sprintf("the role %s (%s) is held by nobody: say who holds it (a [[person]] with roles = [\"%s\"])", [id, input.roles[id].name, id]),
	"config": sprintf("roles.%s", [id]),
	"todo": true,
} if {
	some id in required
	count(input.roles[id].holders) == 0
}

# People the ISMS names (as owners, approvers, acceptors) to whom
# isms.toml gives no role: one to-do for all of them.
roleless_named := sort({p.name |
	some id, p in input.people
	p.active
	count(p.roles) == 0
	some x in input.refs
	x.kind == "person"
	id in x.people
})

roleless_first := min({p.index |
	some id, p in input.people
	p.name == roleless_named[0]
})

deny contains {
	"msg": sprintf("%d %s named in the ISMS %s no role in isms.toml (%s): say which roles each holds (roles = [\"…\"]), so that who may own risks and approve documents can be judged", [
		count(roleless_named),
		plural(count(roleless_named), "person", "people"),
		plural(count(roleless_named), "holds", "hold"),
		concat(", ", roleless_named),
	]),
	"config": sprintf("person.%d", [roleless_first]),
	"todo": true,
} if {
	count(roleless_named) > 0
}

plural(1, one, _) := one

plural(n, _, many) := many if n != 1

deny contains {
	"msg": sprintf("%s holds both %s and %s, which must be segregated", [p.name, a, b]),
	"config": sprintf("person.%d.roles", [p.index]),
} if {
	some [a, b] in input.settings.conflicting_roles
	some p in input.people
	p.active
	a in p.roles
	b in p.roles
}
