# METADATA
# title: Documents refer to documented information that exists
# description: >-
#   Clause 7.5.3 requires documented information to be available where and
#   when it is needed. A document that links to a file of the repository that
#   is not there (a procedure pointing at a continuity plan never written, a
#   policy at a renamed page) sends its reader nowhere. Links are followed as
#   a documentation site follows them: the path, the path with `.md`, or the
#   folder's index page.
# custom:
#   id: ISMS-DOC-004
#   clauses: ["7.5.3"]
#   remediation: >-
#     Write the document the link names, or correct the link to where it is.
package isms.documents.links

deny contains {
	"msg": sprintf("document %s links to %s, which is not in the repository", [d.id, l.target]),
	"document": d.id,
	"line": l.line,
} if {
	some d in input.documents
	some l in d.broken_links
}
