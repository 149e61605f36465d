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
