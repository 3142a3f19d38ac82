# Deny a Secret or password value that lands anywhere but a sensitive field:
# in a Helm value, a label, an annotation, a plain environment variable, it
# is stored where `helm get values` and `kubectl get -o yaml` show it.
#
# Two views of the plan, so that neither a missing mark nor a missing
# reference hides a leak:
#  1. Terraform's own marks (change.after_sensitive): a value derived from a
#     sensitive one stays marked wherever it goes; every marked path must be
#     one of the sensitive fields below.
#  2. The configuration's references: an expression that reads a generated
#     password, a sensitive variable or a Secret's data must feed one of the
#     sensitive fields, unless `declassified` names it with the reason (a
#     digest of a secret; view 1 still denies the secret itself there).
package terraform.policies.secret_flow

import data.terraform.policies.lib
import rego.v1

override := "Fix: put the value in the Secret (kubernetes_secret_v1 data) and pass the Secret's name instead"

# Fields meant to hold secrets, by resource (or provider) type, as
# attribute paths (block indexes left out).
sensitive_fields := {
	"kubernetes_secret_v1": [["data"], ["binary_data"], ["data_wo"]],
	"helm_release": [["set_sensitive"], ["set_wo"], ["repository_password"]],
	"random_password": [["result"], ["bcrypt_hash"]],
	"docker_registry_image": [["auth_config"]],
	"docker_image": [["build", "auth_config"]],
	"docker": [["registry_auth"]],
}

# Expressions that read a secret but hand on only a digest of it, with why.
declassified := {"helm_release.values": "secretChecksum, a SHA-256 of the Secret's data (nonsensitive(sha256(...))), restarts the pods when a password changes"}

sensitive_field(type, path) if {
	names := [step | some step in path; is_string(step)]
	some field in sensitive_fields[type]
	array.slice(names, 0, count(field)) == field
}

# 1. Terraform's sensitivity marks on the planned values.
violations contains v if {
	some rc in lib.changes
	walk(rc.change.after_sensitive, [path, mark])
	mark == true
	count(path) > 0
	not sensitive_field(rc.type, path)
	why := sprintf("%s holds a value derived from a secret, and it is not a sensitive field", [attribute(path)])
	v := {"rule": "secret_flow", "address": rc.address, "why": why, "override": override}
}

# 2. References from the configuration: resources, then provider blocks.
violations contains v if {
	some r in input.plan.configuration.root_module.resources
	walk(r.expressions, [path, expr])
	some ref in expr.references
	source := secret_source(ref)
	not sensitive_field(r.type, path)
	not declassified[sprintf("%s.%s", [r.type, path[0]])]
	why := sprintf("%s reads %s, and it is not a sensitive field", [attribute(path), source])
	v := {"rule": "secret_flow", "address": r.address, "why": why, "override": override}
}

violations contains v if {
	some key, p in input.plan.configuration.provider_config
	walk(p.expressions, [path, expr])
	some ref in expr.references
	source := secret_source(ref)
	not sensitive_field(p.name, path)
	why := sprintf("%s reads %s, and it is not a sensitive field", [attribute(path), source])
	v := {"rule": "secret_flow", "address": sprintf("provider[%s]", [key]), "why": why, "override": override}
}

secret_source(ref) := sprintf("the generated password %s", [ref]) if {
	regex.match(`^random_password\.[^.]+\.(result|bcrypt_hash)$`, ref)
}

secret_source(ref) := sprintf("the sensitive variable %s", [ref]) if {
	[_, name] := regex.find_all_string_submatch_n(`^var\.([^.\[]+)$`, ref, 1)[0]
	input.plan.configuration.root_module.variables[name].sensitive
}

secret_source(ref) := sprintf("the Secret's data %s", [ref]) if {
	regex.match(`^(data\.)?kubernetes_secret(_v1)?\.[^.]+\.data`, ref)
}

# "metadata.0.labels" for the path [“metadata”, 0, “labels”] (block and index steps kept).
attribute(path) := concat(".", [format(step) | some step in path])

format(step) := step if is_string(step)

format(step) := format_int(step, 10) if is_number(step)
