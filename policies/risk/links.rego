# METADATA
# title: Risks link to assets and applicable controls that exist
# description: >-
#   The assets a risk names are in the asset register, and the Annex A
#   controls its treatment relies on are in the Statement of Applicability
#   and applicable there (6.1.3 b–d): a treatment cannot depend on a control
#   the organisation has excluded.
# custom:
#   id: ISMS-RISK-004
#   clauses: ["6.1.2", "6.1.3"]
#   remediation: >-
#     Correct the asset id, add the asset to the asset register, or mark the
#     control applicable in the SoA (or pick another control).
package isms.risk.links

# Assets known by their id or name, as the risks may name them either way
# (case aside, and a remark in brackets aside).
assets := {lower(a.id) | some a in input.registers.assets} | {lower(a.name) | some a in input.registers.assets} | {lower(trim_space(split(a.name, "(")[0])) | some a in input.registers.assets}

# The themes of Annex A (`A.8`) a risk may name instead of controls: one of
# their applicable controls does.
themes := {"A.5", "A.6", "A.7", "A.8"}

applicable_in_theme := {t | some c in input.registers.soa; c.applicable == true; some t in themes; startswith(c.id, concat("", [t, "."]))}

# Sets, not objects keyed by id: a duplicated control must not break this rule.
in_soa := {c.id | some c in input.registers.soa}

excluded := {c.id | some c in input.registers.soa; c.applicable == false}

# Every asset and every control the risks name, gathered in one pass each:
# the register's own sets are compared with them once, and only a name
# found wanting sends the rule back to the risks naming it.
named_assets := {asset | some r in input.registers.risks; some asset in r.assets}

named_controls := {control | some r in input.registers.risks; some control in r.controls}

# The ids, and then the names, as written: a name the risks write so is
# known without lowering every name of the register and every name the
# risks write (a builtin called per asset cost more than the rest of the
# rule); the names are gathered only for a name that is no id.
ids := {a.id | some a in input.registers.assets}

names := {a.name | some a in input.registers.assets}

deny contains {
	"msg": sprintf("risk %s names asset %s, which is not in the asset register", [r.id, asset]),
	"register": "risks",
	"record": r.id,
	"field": "assets",
} if {
	count(input.registers.assets) > 0
	some asset in named_assets - ids
	not asset in names
	not lower(asset) in assets
	some r in input.registers.risks
	some named in r.assets
	named == asset
}

deny contains {
	"msg": sprintf("risk %s relies on %s, which is not in the Statement of Applicability", [r.id, control]),
	"register": "risks",
	"record": r.id,
	"field": "controls",
} if {
	# A Statement of Applicability that covers a few controls only is
	# reported once, with the controls it lacks (ISMS-SOA-001), not again
	# for every risk relying on one of them; one that lacks a few (nine in
	# ten listed) is told here which of them its risks rely on.
	count(in_soa) * 10 >= count(input.annex_a) * 9
	some control in (named_controls - in_soa) - themes
	some r in input.registers.risks
	some named in r.controls
	named == control
}

deny contains {
	"msg": sprintf("risk %s relies on the theme %s, none of whose controls the Statement of Applicability declares applicable", [r.id, theme]),
	"register": "risks",
	"record": r.id,
	"field": "controls",
} if {
	count(in_soa) > 0
	some theme in (named_controls & themes) - applicable_in_theme
	some r in input.registers.risks
	some named in r.controls
	named == theme
}

deny contains {
	"msg": sprintf("risk %s relies on %s, which the Statement of Applicability excludes", [r.id, control]),
	"register": "risks",
	"record": r.id,
	"field": "controls",
} if {
	some control in named_controls & excluded
	some r in input.registers.risks
	some named in r.controls
	named == control
}
