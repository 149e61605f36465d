package isms.audit.programme_test

import data.isms.audit.programme

refs := {"rita": {"people": ["rita"]}, "ops": {"people": ["sam"]}, "sam": {"people": ["sam"]}}

deny_for(audits) := denials if {
	denials := programme.deny with input as {"now": "2026-11-27", "settings": {"review_interval_months": 12}, "refs": refs, "registers": {"audits": audits}, "register_files": {"audits": ["a.toml"]}, "documents": []}
}

test_recent_independent_audit_passes if {
	count(deny_for([{"id": "IA-1", "auditor": "rita", "area": "ops", "performed_on": "2026-03-12"}])) == 0
}

test_no_audit_in_the_cycle if {
	denials := deny_for([{"id": "IA-1", "auditor": "rita", "performed_on": "2025-11-26"}, {"id": "IA-2", "auditor": "rita", "planned_on": "2027-01-01"}])
	count(denials) == 1
}

test_a_planned_audit_whose_date_passed_unperformed if {
	denials := deny_for([
		{"id": "IA-1", "auditor": "rita", "performed_on": "2026-04-22", "status": "completed"},
		{"id": "IA-2", "auditor": "rita", "planned_on": "2026-09-30", "status": "planned"},
		{"id": "IA-3", "auditor": "rita", "planned_on": "2027-02-28", "status": "planned"},
		{"id": "IA-4", "auditor": "rita", "planned_on": "2026-10-31", "status": "in-progress"},
		{"id": "IA-5", "auditor": "rita", "planned_on": "2026-06-30", "status": "cancelled"},
		{"id": "IA-0", "auditor": "rita", "planned_on": "2024-06-30"},
	])
	denials == {{"msg": "internal audit IA-2 was planned for 2026-09-30 and is not recorded as performed", "register": "audits", "record": "IA-2", "field": "performed_on"}}
}

test_auditor_auditing_own_area if {
	some d in deny_for([{"id": "IA-1", "auditor": "sam", "area": "ops", "performed_on": "2026-03-12"}])
	d.field == "auditor"
}

test_no_register_is_a_warning_unless_a_document_says_when_or_where if {
	base := {"now": "2026-11-27", "settings": {"review_interval_months": 12}, "refs": refs, "registers": {"audits": []}, "register_files": {}}
	count(programme.warn) == 1 with input as object.union(base, {"documents": []})
	count(programme.deny) == 0 with input as object.union(base, {"documents": []})
	said := object.union(base, {"documents": [{"type": "minutes", "title": "MR May 2026", "path": "mr.md", "prompts": [], "mentions": [{"topic": "internal_audit", "date": "2026-03-31", "kept_elsewhere": false}]}]})
	count(programme.warn) == 0 with input as said
}

test_an_auditor_who_owns_a_risk_the_audited_controls_treat if {
	inp := {"now": "2026-11-27", "settings": {"review_interval_months": 12}, "refs": {}, "register_files": {"audits": ["a.md"]}, "documents": [],
		"registers": {
			"audits": [{"id": "IA-26-03", "auditor": "Head of IT", "scope": "IT operations (A.8.2, A.8.7)", "performed_on": "2026-09-22"}],
			"risks": [{"id": "R03", "owner": "Head of IT", "controls": ["A.8.7", "A.8.13"]}, {"id": "R04", "owner": "Compliance", "controls": ["A.8.2"]}],
			"soa": [{"id": "A.8.7", "owner": "head of it"}],
		},
	}
	denials := programme.deny with input as inp
	{d.msg | some d in denials} == {"audit IA-26-03: the auditor \"Head of IT\" owns risk R03, treated by A.8.7, which the audit covers"}
}

test_only_the_current_cycle_is_asked_for_its_auditor if {
	denials := deny_for([{"id": "IA-24", "performed_on": "2024-11-14"}, {"id": "IA-26", "performed_on": "2026-09-14"}, {"id": "IA-25", "auditor": "rita", "performed_on": "2025-12-14"}])
	{d.record | some d in denials; d.field == "auditor"} == {"IA-26"}
}

test_a_programme_recording_no_auditor_leaves_it_to_its_text if {
	denials := deny_for([{"id": "IA-26", "performed_on": "2026-09-14"}])
	{d.record | some d in denials; d.field == "auditor"} == set()
}

test_a_programme_row_done_in_its_planned_month_was_performed if {
	denials := deny_for([{"id": "IA-26", "auditor": "rita", "planned_on": "2026-05-31", "status": "completed"}])
	count([d | some d in denials; contains(d.msg, "was performed")]) == 0
	denied := deny_for([{"id": "IA-26", "auditor": "rita", "planned_on": "2026-05-31", "status": "planned"}])
	count([d | some d in denied; contains(d.msg, "was performed")]) == 1
}

test_a_dated_report_older_than_the_interval_without_a_register if {
	report := {"id": "IA-2025", "path": "actas/informe-auditoria-interna-2025.md", "title": "Informe de auditoría interna 2025", "type": "record", "mentions": [{"topic": "internal_audit", "date": "2025-05-20", "kept_elsewhere": false}]}
	denials := programme.deny with input as {"now": "2026-12-06", "settings": {"review_interval_months": 12}, "refs": refs, "registers": {}, "register_files": {}, "documents": [report]}
	{d.msg | some d in denials} == {"the latest internal audit on record is dated 2025-05-20 (actas/informe-auditoria-interna-2025.md), more than 12 months before 2026-12-06"}
	recent := object.union(report, {"mentions": [{"topic": "internal_audit", "date": "2026-05-20", "kept_elsewhere": false}]})
	none := programme.deny with input as {"now": "2026-12-06", "settings": {"review_interval_months": 12}, "refs": refs, "registers": {}, "register_files": {}, "documents": [recent]}
	count(none) == 0
}
