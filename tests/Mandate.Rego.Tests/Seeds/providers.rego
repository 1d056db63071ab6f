package spacelift

sample := true

allowed_providers := {"aws", "random"}

deny contains message if {
  not input.resource.provider in allowed_providers
  message := sprintf(
    "Provider %q is not allowed. Permitted providers: %v.",
    [input.resource.provider, allowed_providers],
  )
}

allow contains message if {
  input.resource.provider in allowed_providers
  message := sprintf(
    "Provider %q is allowed.",
    [input.resource.provider],
  )
}

