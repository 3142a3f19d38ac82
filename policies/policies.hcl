# Terraform Cloud policy set (OPA): attach this folder as a policy set of kind
# OPA, "Policies path" = policies (docs/review.md, "Policies in Terraform
# Cloud"). The same Rego files run locally: scripts/policy-check.mjs.
# A failed mandatory policy stops the run; a user with permission to override
# policies can override it for one run (the local --allow-data-loss).

policy "data_loss" {
  query             = "data.terraform.policies.data_loss.deny"
  enforcement_level = "mandatory"
}

policy "image_digest" {
  query             = "data.terraform.policies.image_digest.deny"
  enforcement_level = "mandatory"
}

policy "secret_flow" {
  query             = "data.terraform.policies.secret_flow.deny"
  enforcement_level = "mandatory"
}
