package isms.review.management_review_test

import data.isms.review.management_review

people := {"ceo": {"top_management": true}, "mgr": {"top_management": false}}

refs := {"ceo": {"active_people": ["ceo"]}, "mgr": {"active_people": ["mgr"]}, "": {"active_people": []}}

deny_for(reviews) := denials if {
	denials := management_review.deny with input as {
		"now": "2026-11-27",
		"settings": {"review_interval_months": 12},
		"people": people,
		"refs": refs,
		"registers": {"reviews": reviews},
		"register_files": {"reviews": ["r.toml"]},
		"documents": [],
	}
}

test_recent_review_with_the_ceo_passes if {
	count(deny_for([{"id": "MR-1", "held_on": "2026-03-01", "chair": "ceo"}])) == 0
}

test_only_the_latest_review_counts if {
	count(deny_for([
		{"id": "MR-0", "held_on": "2024-03-01", "attendees": ["mgr"]},
		{"id": "MR-1", "held_on": "2026-03-01", "attendees": ["mgr", "ceo"]},
	])) == 0
}

test_stale_review_is_denied if {
	some d in deny_for([{"id": "MR-1", "held_on": "2025-11-26", "chair": "ceo"}])
	d.field == "held_on"
}

test_review_without_top_management_is_denied if {
	some d in deny_for([{"id": "MR-1", "held_on": "2026-03-01", "chair": "mgr", "attendees": ["mgr"]}])
	d.field == "attendees"
}

test_no_review_is_denied if {
	some d in deny_for([])
	d.register == "reviews"
}

test_minutes_kept_as_a_document_record_a_review if {
	count(management_review.deny) == 0 with input as {"now": "2026-11-27", "settings": {"review_interval_months": 12}, "registers": {"reviews": []}, "register_files": {"reviews": ["r.toml"]}, "documents": [{"type": "minutes", "title": "Management review 2026", "path": "mr.md"}]}
}

test_no_register_and_no_minutes_is_a_warning if {
	inp := {"now": "2026-11-27", "settings": {"review_interval_months": 12}, "registers": {"reviews": []}, "register_files": {}, "documents": []}
	count(management_review.deny) == 0 with input as inp
	count(management_review.warn) == 1 with input as inp
}

test_a_document_saying_when_a_review_was_held_or_where_its_minutes_are if {
	base := {"now": "2026-11-27", "settings": {"review_interval_months": 12}, "registers": {"reviews": []}, "register_files": {}}
	held := object.union(base, {"documents": [{"type": "other", "title": "Objectives", "path": "o.md", "prompts": [], "mentions": [{"topic": "management_review", "date": "2026-01-27", "kept_elsewhere": false}]}]})
	count(management_review.warn) == 0 with input as held
	kept := object.union(base, {"documents": [{"type": "other", "title": "Readme", "path": "README.md", "prompts": [], "mentions": [{"topic": "management_review", "date": null, "kept_elsewhere": true}]}]})
	count(management_review.warn) == 0 with input as kept
	undated := object.union(base, {"documents": [{"type": "other", "title": "Readme", "path": "README.md", "prompts": [], "mentions": [{"topic": "management_review", "date": null, "kept_elsewhere": false}]}]})
	count(management_review.warn) == 1 with input as undated
}

minutes_input(docs) := {
	"now": "2026-12-06",
	"settings": {"review_interval_months": 12},
	"registers": {"reviews": []},
	"register_files": {},
	"documents": docs,
	"people": {},
	"refs": {},
}

test_minutes_older_than_the_interval_are_said if {
	docs := [
		{"id": "mr-1", "type": "minutes", "title": "Compte rendu – Revue de direction du 10/03/2025", "path": "03/Revue_de_direction_2025-03-10.md"},
		{"id": "mr-0", "type": "minutes", "title": "Revue de direction 2024", "path": "03/Revue_de_direction_2024-03-01.md"},
	]
	denials := management_review.deny with input as minutes_input(docs)
	{d.msg | some d in denials} == {"the latest management review on record is dated 2025-03-10 (03/Revue_de_direction_2025-03-10.md), more than 12 months before 2026-12-06"}
}

test_recent_minutes_pass if {
	docs := [{"id": "mr", "type": "minutes", "title": "Management review", "path": "records/management-review-2026-09.md"}]
	count(management_review.deny) == 0 with input as minutes_input(docs)
}

test_undated_minutes_are_not_judged if {
	docs := [{"id": "mr", "type": "minutes", "title": "Management review minutes", "path": "records/management-review.md"}]
	count(management_review.deny) == 0 with input as minutes_input(docs)
}

# The day the minutes give outranks the month of their file name.
test_minutes_dated_by_their_date_line_not_their_month if {
	docs := [{"id": "mr", "type": "minutes", "title": "Management Review – June 2025", "path": "reviews/2025-06-management-review.md", "mentions": [{"topic": "management_review", "date": "2025-06-24", "line": 3}]}]
	{d.msg | some d in management_review.deny} == {"the latest management review on record is dated 2025-06-24 (reviews/2025-06-management-review.md), more than 12 months before 2026-12-06"} with input as minutes_input(docs)
}

# A landing page naming the reviews (type other, undated) does not stop
# the latest minutes from being judged.
test_an_undated_landing_page_does_not_hide_old_minutes if {
	docs := [
		{"id": "mr", "type": "minutes", "title": "Management Review Minutes", "path": "mr/2025-10-14-minutes.md"},
		{"id": "mr/_index", "type": "other", "title": "ISMS Management Review", "path": "mr/_index.md"},
	]
	{d.msg | some d in management_review.deny} == {"the latest management review on record is dated 2025-10-14 (mr/2025-10-14-minutes.md), more than 12 months before 2026-12-06"} with input as minutes_input(docs)
}
