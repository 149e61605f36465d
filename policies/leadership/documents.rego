# METADATA
# title: The scope and topic-specific policies are owned, approved and current
# description: >-
#   The ISMS scope (4.3) is documented and approved by top management.
#   Every topic-specific policy (A.5.1) has an owner, an approver and a
#   next-review date that has not passed.
# custom:
#   id: ISMS-DOC-001
#   clauses: ["4.3", "5.2"]
#   controls: ["A.5.1"]
#   remediation: >-
#     Add the scope document (type = "scope") approved by top management;
#     give each topic-specific policy its owner, approved_by and next_review.
package isms.leadership.documents

import data.isms.lib.dates
import data.isms.lib.people

scopes := [d | some d in input.documents; d.type == "scope"]

deny contains {"msg": "the ISMS scope is not documented: no document has type \"scope\"", "config": "organisation"} if {
	count(scopes) == 0
}

deny contains {"msg": sprintf("the ISMS scope %s is not approved by top management", [d.id]), "document": d.id, "key": "approved_by"} if {
	some d in scopes
	not people.top_management(object.get(d, "approved_by", ""))
}

deny contains {"msg": sprintf("topic-specific policy %s has no %s", [d.id, replace(key, "_", " ")]), "document": d.id, "key": key} if {
	some d in input.documents
	d.type == "topic-specific-policy"
	some key in ["owner", "approved_by", "next_review"]
	not d[key]
}

deny contains {"msg": sprintf("topic-specific policy %s was due for review on %s", [d.id, d.next_review]), "document": d.id, "key": "next_review"} if {
	some d in input.documents
	d.type == "topic-specific-policy"
	dates.before_now(d.next_review)
}
