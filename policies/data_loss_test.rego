package terraform.policies.data_loss_test

import data.terraform.policies.data_loss
import rego.v1

change(type, actions, before, after) := {
	"address": sprintf("%s.x", [type]),
	"mode": "managed",
	"type": type,
	"change": {"actions": actions, "before": before, "after": after, "after_sensitive": {}, "after_unknown": {}},
}

plan(changes) := {"plan": {"resource_changes": changes}}

release(values_json) := {"name": "todo-chatbot", "values": [values_json]}

in_cluster := `{"fullnameOverride":"todo-chatbot","postgresql":{"enabled":true}}`

rules(result) := {v.address | some v in result}

test_replacing_the_namespace_is_denied if {
	result := data_loss.violations with input as plan([change("kubernetes_namespace_v1", ["delete", "create"], {}, {})])
	rules(result) == {"kubernetes_namespace_v1.x"}
	some v in result
	contains(v.why, "would replace it")
	contains(v.override, "--allow-data-loss")
}

test_destroying_a_password_is_denied if {
	result := data_loss.violations with input as plan([change("random_password", ["delete"], {}, null)])
	rules(result) == {"random_password.x"}
}

test_destroying_the_release_that_runs_postgresql_is_denied if {
	result := data_loss.violations with input as plan([change("helm_release", ["delete"], release(in_cluster), null)])
	rules(result) == {"helm_release.x"}
}

test_turning_postgresql_off_is_denied if {
	after := release(`{"fullnameOverride":"todo-chatbot","postgresql":{"enabled":false}}`)
	result := data_loss.violations with input as plan([change("helm_release", ["update"], release(in_cluster), after)])
	some v in result
	contains(v.why, "postgresql.enabled off")
}

test_renaming_the_release_objects_is_denied if {
	after := release(`{"fullnameOverride":"todo-2","postgresql":{"enabled":true}}`)
	result := data_loss.violations with input as plan([change("helm_release", ["update"], release(in_cluster), after)])
	some v in result
	contains(v.why, `"todo-chatbot" -> "todo-2"`)
}

test_yaml_values_and_the_chart_default_count if {
	# No postgresql key: the chart's default (on) applies; YAML documents are read too.
	before := {"values": ["fullnameOverride: a\n"]}
	after := {"values": ["fullnameOverride: a\n", "postgresql:\n  enabled: false\n"]}
	count(data_loss.violations) == 1 with input as plan([change("helm_release", ["update"], before, after)])
}

test_the_flag_allows_all_of_it if {
	changes := [
		change("kubernetes_namespace_v1", ["delete"], {}, null),
		change("random_password", ["delete", "create"], {}, {}),
		change("helm_release", ["delete"], release(in_cluster), null),
	]
	count(data_loss.violations) == 3 with input as plan(changes)
	count(data_loss.violations) == 0 with input as object.union(plan(changes), {"allow_data_loss": true})
}

test_everyday_changes_are_allowed if {
	after := release(`{"fullnameOverride":"todo-chatbot","postgresql":{"enabled":true},"backend":{"image":{"tag":"new"}}}`)
	changes := [
		change("helm_release", ["update"], release(in_cluster), after),
		change("docker_image", ["delete", "create"], {}, {}),
		change("kubernetes_namespace_v1", ["update"], {}, {}),
		change("kubernetes_namespace_v1", ["create"], null, {}),
		change("random_password", ["create"], null, {}),
		change("kubernetes_secret_v1", ["update"], {}, {}),
	]
	count(data_loss.violations) == 0 with input as plan(changes)
}

test_a_release_without_postgresql_may_go if {
	before := release(`{"postgresql":{"enabled":false}}`)
	count(data_loss.violations) == 0 with input as plan([change("helm_release", ["delete"], before, null)])
}

test_an_unknown_values_document_is_not_read_as_empty if {
	rc := change("helm_release", ["update"], release(in_cluster), {"values": [null]})
	count(data_loss.violations) == 0 with input as plan([rc])
}

test_unknown_new_values_are_not_guessed if {
	# An image rebuild makes the values unknown until apply: nothing to read, no verdict on them.
	rc := change("helm_release", ["update"], release(in_cluster), {})
	count(data_loss.violations) == 0 with input as plan([rc])
}

test_deny_is_the_terraform_cloud_view if {
	msgs := data_loss.deny with input as plan([change("kubernetes_namespace_v1", ["delete"], {}, null)])
	count(msgs) == 1
	some m in msgs
	startswith(m, "kubernetes_namespace_v1.x: would destroy it")
}
