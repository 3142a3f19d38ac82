package terraform.policies.secret_flow_test

import data.terraform.policies.secret_flow
import rego.v1

rc(type, after_sensitive) := {
	"address": sprintf("%s.x", [type]),
	"mode": "managed",
	"type": type,
	"change": {"actions": ["update"], "before": {}, "after": {}, "after_sensitive": after_sensitive},
}

conf(type, expressions) := {"address": sprintf("%s.c", [type]), "type": type, "expressions": expressions}

plan(changes, resources) := {"plan": {
	"resource_changes": changes,
	"configuration": {"root_module": {
		"variables": {"openai_api_key": {"sensitive": true}, "replicas": {}},
		"resources": resources,
	}},
}}

test_a_secret_marked_in_helm_values_is_denied if {
	result := secret_flow.violations with input as plan([rc("helm_release", {"values": [true]})], [])
	some v in result
	v.address == "helm_release.x"
	contains(v.why, "values.0 holds a value derived from a secret")
}

test_marks_on_sensitive_fields_are_allowed if {
	changes := [
		rc("kubernetes_secret_v1", {"data": {"POSTGRES_PASSWORD": true}, "metadata": [{}]}),
		rc("random_password", {"result": true, "bcrypt_hash": true}),
		rc("helm_release", {"set_sensitive": [{"value": true}], "values": [false]}),
		rc("docker_registry_image", {"auth_config": [{"password": true}]}),
	]
	count(secret_flow.violations) == 0 with input as plan(changes, [])
}

test_a_password_referenced_from_a_label_is_denied if {
	r := conf("kubernetes_namespace_v1", {"metadata": [{"labels": {"references": ["random_password.p.result", "random_password.p"]}}]})
	result := secret_flow.violations with input as plan([], [r])
	some v in result
	contains(v.why, "metadata.0.labels reads the generated password random_password.p.result")
}

test_a_sensitive_variable_in_an_env_value_is_denied if {
	r := conf("kubernetes_config_map_v1", {"data": {"references": ["var.openai_api_key"]}})
	result := secret_flow.violations with input as plan([], [r])
	some v in result
	contains(v.why, "the sensitive variable var.openai_api_key")
}

test_a_secrets_data_read_elsewhere_is_denied if {
	r := conf("kubernetes_config_map_v1", {"data": {"references": ["kubernetes_secret_v1.s.data", "kubernetes_secret_v1.s"]}})
	count(secret_flow.violations) == 1 with input as plan([], [r])
}

test_references_into_sensitive_fields_and_plain_ones_are_allowed if {
	resources := [
		conf("kubernetes_secret_v1", {
			"data": {"references": ["random_password.p.result", "var.openai_api_key"]},
			"metadata": [{"name": {"constant_value": "s"}}],
		}),
		conf("kubernetes_deployment_v1", {"spec": [{"replicas": {"references": ["var.replicas"]}}]}),
		conf("helm_release", {"namespace": {"references": ["kubernetes_secret_v1.s.metadata[0].name", "kubernetes_secret_v1.s"]}}),
		conf("docker_registry_image", {"auth_config": [{"password": {"references": ["var.openai_api_key"]}}]}),
	]
	count(secret_flow.violations) == 0 with input as plan([], resources)
}

test_the_declassified_checksum_in_helm_values_is_allowed if {
	r := conf("helm_release", {"values": {"references": ["random_password.p.result", "var.openai_api_key"]}})
	count(secret_flow.violations) == 0 with input as plan([], [r])
}

test_the_same_reference_elsewhere_in_the_release_is_denied if {
	r := conf("helm_release", {"description": {"references": ["random_password.p.result"]}})
	count(secret_flow.violations) == 1 with input as plan([], [r])
}

test_provider_blocks_are_checked if {
	p := {"plan": {"configuration": {
		"root_module": {"variables": {"registry_password": {"sensitive": true}}},
		"provider_config": {
			"docker": {"name": "docker", "expressions": {"registry_auth": [{"password": {"references": ["var.registry_password"]}}]}},
			"helm": {"name": "helm", "expressions": {"kubernetes": [{"token": {"references": ["var.registry_password"]}}]}},
		},
	}}}
	result := secret_flow.violations with input as p
	{v.address | some v in result} == {"provider[helm]"}
}
