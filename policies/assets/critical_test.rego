package isms.assets.critical_test

import data.isms.assets.critical

refs := {"cto": {"active_people": ["lena"]}, "gone": {"active_people": []}}

deny_for(asset, risks) := denials if {
	denials := critical.deny with input as {"refs": refs, "registers": {"assets": [object.union({"id": "AS-1", "name": "DB", "owner": "cto"}, asset)], "risks": risks}}
}

test_covered_critical_asset_passes if {
	count(deny_for({"criticality": "critical"}, [{"id": "R-1", "assets": ["AS-1"]}])) == 0
}

test_uncovered_low_asset_passes if {
	count(deny_for({"criticality": "low"}, [])) == 0
}

test_uncovered_critical_asset_is_denied if {
	some d in deny_for({"criticality": "critical"}, [{"id": "R-1", "assets": ["AS-2"]}])
	d.field == "criticality"
}

test_critical_asset_without_active_owner_is_denied if {
	some d in deny_for({"criticality": "critical", "owner": "gone"}, [{"id": "R-1", "assets": ["AS-1"]}])
	d.field == "owner"
}
