# METADATA
# title: Every training record references its evidence
# description: >-
#   Clause 7.2 d requires documented information as evidence of competence,
#   and an auditor samples training records against attendance logs,
#   certificates or LMS exports. A register that references evidence must
#   do so for each record; a register that references none for any record
#   is itself the evidence (an export of the learning system, an attendance
#   log kept as it happened), and is not asked for a reference per record.
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
	referenced
	some t in input.registers.training
	trim_space(object.get(t, "evidence", "")) == ""
}

# Some record of the register references its evidence.
referenced if {
	some t in input.registers.training
	trim_space(object.get(t, "evidence", "")) != ""
}
