# METADATA
# title: Every training record references its evidence
# description: >-
#   Clause 7.2 d requires documented information as evidence of competence,
#   and an auditor samples training records against attendance logs,
#   certificates or LMS exports. Each record in the training register needs
#   an `evidence` reference.
# custom:
#   id: ISMS-TRAIN-003
#   clauses: ["7.2", "7.3"]
#   controls: ["A.6.3"]
#   remediation: >-
#     Fill in `evidence` with the attendance log, certificate or LMS record
#     that shows the training took place.
package isms.awareness.evidence

deny contains {
	"msg": sprintf("training record %s (%s, %s) references no evidence", [t.id, t.person, t.course]),
	"register": "training",
	"record": t.id,
	"field": "evidence",
} if {
	some t in input.registers.training
	trim_space(object.get(t, "evidence", "")) == ""
}
