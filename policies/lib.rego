# Helpers shared by the policies. Every policy reads only the plan JSON
# (`terraform show -json PLANFILE`) under input.plan, as Terraform Cloud's
# OPA policy sets receive it; scripts/policy-check.mjs wraps a local plan the
# same way.
package terraform.policies.lib

import rego.v1

# The managed resources the plan changes.
changes contains rc if {
	some rc in input.plan.resource_changes
	rc.mode == "managed"
}

# "destroy" or "replace" when the change deletes the object, else undefined.
deletion(rc) := "replace" if {
	"delete" in rc.change.actions
	"create" in rc.change.actions
}

deletion(rc) := "destroy" if {
	rc.change.actions == ["delete"]
}

# The release's values documents (jsonencode or YAML strings), merged in
# order as Helm merges them; undefined when the plan does not know them yet.
values(state) := merged if {
	is_array(state.values)
	every text in state.values {
		is_string(text) # an unknown document is null in the plan
	}
	merged := object.union_n([doc | some text in state.values; doc := yaml.unmarshal(text)])
}

# PostgreSQL runs in the release unless its values turn it off (the chart's default is on).
postgresql_enabled(vals) if not vals.postgresql.enabled == false

# The environment the stack was synthesized for: its `environment` output.
environment := input.plan.planned_values.outputs.environment.value

environment := input.plan.configuration.root_module.outputs.environment.expression.constant_value if {
	not input.plan.planned_values.outputs.environment.value
}

# One violation as the local runner prints it and Terraform Cloud shows it.
message(v) := sprintf("%s: %s. %s", [v.address, v.why, v.override])
