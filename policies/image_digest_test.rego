package terraform.policies.image_digest_test

import data.terraform.policies.image_digest
import rego.v1

values(frontend, backend) := json.marshal({"frontend": {"image": frontend}, "backend": {"image": backend}})

pinned := {"repository": "registry.example.com/todo/todo-frontend", "tag": "a04a", "digest": "sha256:0123"}

unpinned := {"repository": "registry.example.com/todo/todo-backend", "tag": "c2a4"}

plan(environment, after, after_unknown, config) := {"plan": {
	"planned_values": {"outputs": {"environment": {"value": environment}}},
	"resource_changes": [{
		"address": "helm_release.r",
		"mode": "managed",
		"type": "helm_release",
		"change": {"actions": ["update"], "before": {}, "after": after, "after_unknown": after_unknown},
	}],
	"configuration": {"root_module": {"resources": config}},
}}

test_an_image_without_digest_is_denied_in_cluster if {
	result := image_digest.violations with input as plan("cluster", {"values": [values(pinned, unpinned)]}, {}, [])
	count(result) == 1
	some v in result
	contains(v.why, "registry.example.com/todo/todo-backend:c2a4")
	contains(v.why, "backend.image")
}

test_images_with_digests_are_allowed_in_cluster if {
	count(image_digest.violations) == 0 with input as plan("cluster", {"values": [values(pinned, pinned)]}, {}, [])
}

test_the_local_environment_needs_no_digest if {
	count(image_digest.violations) == 0 with input as plan("local", {"values": [values(unpinned, unpinned)]}, {}, [])
}

test_the_environment_comes_from_the_configuration_when_outputs_are_unknown if {
	p := plan("x", {"values": [values(unpinned, unpinned)]}, {}, [])
	configured := object.union(
		object.remove(p.plan, ["planned_values"]),
		{"configuration": {"root_module": {"outputs": {"environment": {"expression": {"constant_value": "cluster"}}}}}},
	)
	count(image_digest.violations) == 2 with input as {"plan": configured}
}

images := [
	{"address": "docker_image.f", "type": "docker_image", "expressions": {}},
	{"address": "docker_image.b", "type": "docker_image", "expressions": {}},
]

release_config(refs) := {"address": "helm_release.r", "type": "helm_release", "expressions": {"values": {"references": refs}}}

test_unknown_values_must_reference_one_digest_per_image if {
	refs := ["docker_registry_image.f.sha256_digest", "docker_registry_image.f", "docker_image.b.name"]
	result := image_digest.violations with input as plan("cluster", {}, {"values": true}, array.concat(images, [release_config(refs)]))
	some v in result
	contains(v.why, "1 pushed image digest(s) for 2 image(s)")
}

test_known_values_are_read_not_the_configuration if {
	# after_unknown.values is [false] for known values: only the values decide.
	p := plan("cluster", {"values": [values(pinned, pinned)]}, {"values": [false]}, array.concat(images, [release_config([])]))
	count(image_digest.violations) == 0 with input as p
}

test_unknown_values_with_every_digest_referenced_are_allowed if {
	refs := ["docker_registry_image.f.sha256_digest", "docker_registry_image.b.sha256_digest"]
	count(image_digest.violations) == 0 with input as plan("cluster", {}, {"values": true}, array.concat(images, [release_config(refs)]))
}
