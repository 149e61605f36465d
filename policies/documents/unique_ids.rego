# METADATA
# title: Document ids are unique
# description: >-
#   Every controlled document has its own id. Two documents with one id (a
#   copy left behind, or a "shadow" policy beside the approved one) make
#   every reference to that id ambiguous: which policy did top management
#   approve, and which one does a rule read? Clause 7.5.2 requires
#   documented information to be identified, 7.5.3 to be controlled.
# custom:
#   id: ISMS-DOC-002
#   clauses: ["7.5.2", "7.5.3"]
#   remediation: >-
#     Give one of the documents a new, unused id, or remove the copy.
package isms.documents.unique_ids

import data.isms.lib.records

deny contains {
	"msg": sprintf("document id %s is used by %s and by %s", [id, input.documents[previous].path, input.documents[i].path]),
	"document": input.documents[i].path,
	"key": "id",
} if {
	some [id, i, previous] in records.repeats(input.documents)
}
