# Deny a plan that destroys or replaces what holds the app's data or opens
# it: the namespace (deleting it deletes the PostgreSQL claim), a generated
# password (a new one no longer opens the existing database), and the Helm
# release's PostgreSQL (destroying or replacing the release, turning
# postgresql off, or renaming it: its claim is named after the release).
#
# Override: locally `--allow-data-loss` (input.allow_data_loss); in Terraform
# Cloud, a user with permission to override policies overrides the failed
# mandatory check for that run (policies.hcl).
package terraform.policies.data_loss

import data.terraform.policies.lib
import rego.v1

override := "Override: --allow-data-loss (Terraform Cloud: override the failed policy check for this run)"

guarded := {
	"kubernetes_namespace_v1": "deleting the namespace deletes everything in it, the PostgreSQL claim and its data included",
	"random_password": "a new password no longer opens the existing database, and the old one is gone from state",
}

violations contains v if {
	not input.allow_data_loss
	some rc in lib.changes
	why := guarded[rc.type]
	verb := lib.deletion(rc)
	v := {"rule": "data_loss", "address": rc.address, "why": sprintf("would %s it: %s", [verb, why]), "override": override}
}

# The release runs PostgreSQL: destroying or replacing it takes the database down,
# and its claim is left to be deleted with the namespace.
violations contains v if {
	not input.allow_data_loss
	some rc in lib.changes
	rc.type == "helm_release"
	verb := lib.deletion(rc)
	lib.postgresql_enabled(lib.values(rc.change.before))
	why := sprintf("would %s the release that runs PostgreSQL, whose claim holds the app's data", [verb])
	v := {"rule": "data_loss", "address": rc.address, "why": why, "override": override}
}

# An update that keeps the release but not its database.
release_update(rc) := [before, after] if {
	rc.type == "helm_release"
	rc.change.actions == ["update"]
	before := lib.values(rc.change.before)
	after := lib.values(rc.change.after)
	lib.postgresql_enabled(before)
}

violations contains v if {
	not input.allow_data_loss
	some rc in lib.changes
	[_, after] := release_update(rc)
	not lib.postgresql_enabled(after)
	why := "would turn postgresql.enabled off: its StatefulSet and the data go away"
	v := {"rule": "data_loss", "address": rc.address, "why": why, "override": override}
}

violations contains v if {
	not input.allow_data_loss
	some rc in lib.changes
	[before, after] := release_update(rc)
	lib.postgresql_enabled(after)
	old := object.get(before, "fullnameOverride", "")
	new := object.get(after, "fullnameOverride", "")
	old != new
	why := sprintf("would rename the release's objects (fullnameOverride %q -> %q): PostgreSQL would start on a new, empty claim", [old, new])
	v := {"rule": "data_loss", "address": rc.address, "why": why, "override": override}
}

deny contains lib.message(v) if some v in violations
