# Deny, in the `cluster` environment (the stack's `environment` output),
# a release whose images are not pinned by digest: a tag can be moved in the
# registry, a digest cannot. Where the plan does not know the values yet (an
# image is being rebuilt, so its digest is known only after the push), the
# release's values must reference one pushed image's digest per image built.
package terraform.policies.image_digest

import data.terraform.policies.lib
import rego.v1

override := "Fix: push the images to a registry (images.registry or TODO_REGISTRY) so the release pins them by digest"

violations contains v if {
	lib.environment == "cluster"
	some rc in lib.changes
	rc.type == "helm_release"
	vals := lib.values(rc.change.after)
	walk(vals, [path, image])
	is_object(image)
	image.repository
	image.tag
	object.get(image, "digest", "") == ""
	why := sprintf("the image %s:%s (values %s) has no digest in the cluster environment", [image.repository, image.tag, concat(".", path)])
	v := {"rule": "image_digest", "address": rc.address, "why": why, "override": override}
}

violations contains v if {
	lib.environment == "cluster"
	some rc in lib.changes
	rc.type == "helm_release"
	not lib.values(rc.change.after)
	some conf in input.plan.configuration.root_module.resources
	conf.address == rc.address
	digests := {ref |
		some ref in conf.expressions.values.references
		regex.match(`^docker_registry_image\.[^.]+\.sha256_digest$`, ref)
	}
	images := {r.address | some r in input.plan.configuration.root_module.resources; r.type == "docker_image"}
	count(digests) < count(images)
	why := sprintf("the values reference %d pushed image digest(s) for %d image(s) built, in the cluster environment", [count(digests), count(images)])
	v := {"rule": "image_digest", "address": rc.address, "why": why, "override": override}
}

deny contains lib.message(v) if some v in violations
