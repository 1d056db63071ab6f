package spacelift

sample := true

deny contains message if {
  input.resource.operation == "delete"
  message := sprintf(
    "Deleting %s resources is not allowed.",
    [input.resource.resource_type],
  )
}

allow contains message if {
  input.resource.operation != "delete"
  message := sprintf(
    "Operation %q on %s is allowed.",
    [input.resource.operation, input.resource.resource_type],
  )
}

