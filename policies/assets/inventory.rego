# METADATA
# title: The asset inventory is kept
# description: >-
#   Control A.5.9 requires an inventory of information and other associated
#   assets, with owners; clause 6.1.2 assesses risks to them. An asset
#   register kept empty — or none at all while the Statement of
#   Applicability declares A.5.9 applicable — is an inventory that does not
#   exist, unless a document says where it is kept (a CMDB, an asset
#   management tool).
# custom:
#   id: ISMS-ASSET-002
#   clauses: ["6.1.2"]
#   controls: ["A.5.9"]
#   remediation: >-
#     List the information and associated assets in scope, each with its
#     owner, in the asset register.
package isms.assets.inventory

applicable if {
	some c in input.registers.soa
	c.id == "A.5.9"
	c.applicable == true
}

deny contains {
	"msg": sprintf("the asset inventory is empty: the asset register holds no asset%s", [claim]),
	"register": "assets",
} if {
	input.register_files.assets
	count(input.registers.assets) == 0
}

# What the Statement of Applicability claims of A.5.9 that the empty
# inventory contradicts.
claim := ", though the Statement of Applicability marks A.5.9 implemented" if {
	some c in input.registers.soa
	c.id == "A.5.9"
	c.status == "implemented"
} else := ""

deny contains {
	"msg": "there is no asset inventory, though the Statement of Applicability declares A.5.9 applicable",
	"register": "soa",
	"record": "A.5.9",
	"field": "applicable",
} if {
	not input.register_files.assets
	applicable
	not kept_elsewhere
}

# A document says where the inventory is kept (`the asset inventory, in the
# IT service desk CMDB`): an auditor asks to see it there.
kept_elsewhere if {
	some d in input.documents
	some m in d.mentions
	m.topic == "asset_inventory"
	m.kept_elsewhere
}
