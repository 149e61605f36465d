# METADATA
# title: Top management reviewed the ISMS within the interval
# description: >-
#   Clause 9.3 requires top management to review the ISMS at planned
#   intervals. The latest management review in the reviews register must be
#   within `rules.review_interval_months` of the evaluation date, and chaired
#   or attended by an active member of top management. Without a reviews
#   register, the minutes kept as documents count, dated by their file name
#   or title when every one of them is.
# custom:
#   id: ISMS-MR-001
#   clauses: ["9.3.1"]
#   remediation: >-
#     Hold the management review with top management and record it in the
#     reviews register (held_on, chair, attendees).
package isms.review.management_review

import data.isms.lib.dates
import data.isms.lib.people

months := input.settings.review_interval_months

reviews := input.registers.reviews

latest := max({r.held_on | some r in reviews})

# Minutes of a management review kept as a document.
# (Minutes whose fields were never filled in record no review.)
minutes := [d | some d in input.documents; d.type in {"minutes", "record", "other"}; count(object.get(d, "prompts", [])) == 0; regex.match(`management.review|revue.de.direction|managementbewertung|managementreview|revisi[oó]n.por.la.direcci[oó]n|directiebeoordeling|riesame.della.direzione`, lower(concat(" ", [d.title, d.path])))]

deny contains {
	"msg": "no management review is recorded: the reviews register holds none",
	"register": "reviews",
} if {
	input.register_files.reviews
	count(reviews) == 0
	count(minutes) == 0
}

warn contains {
	"msg": "no management review is recorded in this ISMS: no reviews register, no minutes, and no document says when one was held or where its minutes are kept",
	"config": "organisation",
} if {
	not input.register_files.reviews
	count(reviews) == 0
	count(minutes) == 0
	not mentioned
}

# A document says when a review was held (within the interval), or where
# the minutes are kept.
# Minutes kept as documents, and no reviews register: the latest is dated
# by the day its file name or title gives (`Revue_de_direction_2025-03-10.md`),
# else by the date the minutes give for the meeting (`Datum: 14.10.2025`),
# else by the month of its name (`management-review-2025-07`), when every
# one of them is dated.
name_of(m) := concat(" ", [m.path, object.get(m, "title", "")])

held_on(m) := {x.date | some x in object.get(m, "mentions", []); x.topic == "management_review"; is_string(x.date)}

minutes_date(m) := d if {
	found := regex.find_n(`20[0-9][0-9]-[01][0-9]-[0-3][0-9]`, name_of(m), 1)
	count(found) == 1
	d := found[0]
}

minutes_date(m) := max(held_on(m)) if {
	count(regex.find_n(`20[0-9][0-9]-[01][0-9]-[0-3][0-9]`, name_of(m), 1)) == 0
	count(held_on(m)) > 0
}

minutes_date(m) := concat("", [found[0], "-28"]) if {
	count(regex.find_n(`20[0-9][0-9]-[01][0-9]-[0-3][0-9]`, name_of(m), 1)) == 0
	count(held_on(m)) == 0
	found := regex.find_n(`20[0-9][0-9]-[01][0-9]`, name_of(m), 1)
	count(found) == 1
}

latest_minutes := max({minutes_date(m) | some m in minutes})

dated_or_not_minutes(m) if minutes_date(m)

# The pages typed as minutes that give no date. (A set, not `every`:
# regorus 0.14's compiled VM reads `x[v]` in the body of `every v in …` as
# a new iteration over `x`, so an `every` can hold where it does not.)
undated_minutes contains m.path if {
	some m in minutes
	not dated_or_not_minutes(m)
}

dated_or_not_minutes(m) if {
	not minutes_date(m)
	m.type != "minutes"
}

deny contains {
	"msg": sprintf("the latest management review on record is dated %s (%s), more than %d months before %s", [latest_minutes, m.path, months, input.now]),
	"document": m.id,
} if {
	count(reviews) == 0
	count(minutes) > 0
	# (Every page typed as minutes is dated: an undated one could be the
	# latest. A page of another type that names the review, a section's
	# landing page, says nothing of when.)
	count(undated_minutes) == 0
	dates.older_than_months(latest_minutes, months)
	some m in minutes
	minutes_date(m) == latest_minutes
}

mentioned if {
	some d in input.documents
	count(object.get(d, "prompts", [])) == 0
	some m in object.get(d, "mentions", [])
	m.topic == "management_review"
	m.kept_elsewhere
}

mentioned if {
	some d in input.documents
	count(object.get(d, "prompts", [])) == 0
	some m in object.get(d, "mentions", [])
	m.topic == "management_review"
	is_string(m.date)
	not dates.older_than_months(m.date, months)
}

deny contains {
	"msg": sprintf("the latest management review, %s, was held on %s, more than %d months before %s", [r.id, r.held_on, months, input.now]),
	"register": "reviews",
	"record": r.id,
	"field": "held_on",
} if {
	some r in reviews
	r.held_on == latest
	dates.older_than_months(r.held_on, months)
}

deny contains {
	"msg": sprintf("management review %s was not attended by top management", [r.id]),
	"register": "reviews",
	"record": r.id,
	"field": "attendees",
} if {
	some r in reviews
	r.held_on == latest
	not top_management_present(r)
	not attendance_undecided(r)
}

# Someone at the review is a role given to nobody yet: who attended cannot
# be told until the role's to-do is done.
attendance_undecided(r) if {
	some ref in array.concat([object.get(r, "chair", "")], object.get(r, "attendees", []))
	people.undecided(ref)
}

top_management_present(r) if {
	some ref in array.concat([object.get(r, "chair", "")], object.get(r, "attendees", []))
	people.top_management(ref)
}
