# Date helpers shared by the built-in rules. Dates in the input are
# YYYY-MM-DD strings; input.now is the evaluation date.
package isms.lib.dates

# Nanoseconds since the epoch of a YYYY-MM-DD date.
ns(d) := time.parse_ns("2006-01-02", d)

# The evaluation date, parsed once per evaluation rather than per record.
now_ns := ns(input.now)

# True when `months` months after date d is before the evaluation date.
older_than_months(d, months) if {
	time.add_date(ns(d), 0, months, 0) < now_ns
}

# True when date d is before the evaluation date.
before_now(d) if ns(d) < now_ns

# The months between a document's reviews: its `review_cycle` (`24 months`,
# `2 years`, `annual`, `quarterly`), or the configured review interval.
cycle_months(d) := n if {
	c := lower(sprintf("%v", [d.review_cycle]))
	found := regex.find_n(`[0-9]+`, c, 1)
	count(found) == 1
	n := to_number(found[0]) * unit(c)
	n > 0
} else := 6 if {
	regex.match(`semi|half|twice`, lower(sprintf("%v", [d.review_cycle])))
} else := 3 if {
	regex.match(`quarter`, lower(sprintf("%v", [d.review_cycle])))
} else := 24 if {
	regex.match(`biennial|two years|second year`, lower(sprintf("%v", [d.review_cycle])))
} else := 12 if {
	regex.match(`annual|year`, lower(sprintf("%v", [d.review_cycle])))
} else := input.settings.review_interval_months

unit(c) := 12 if contains(c, "year") else := 1
