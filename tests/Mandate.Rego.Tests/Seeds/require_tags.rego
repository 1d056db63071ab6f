package spacelift

sample := true

deny contains message if {
  input.resource.resource_type == "aws_s3_bucket"
  input.resource.operation == "create"
  not input.resource.proposed_state.tags.Environment
  message := "S3 buckets must have an Environment tag."
}

allow contains message if {
  input.resource.resource_type == "aws_s3_bucket"
  input.resource.proposed_state.tags.Environment
  message := sprintf(
    "S3 bucket with Environment=%s is allowed.",
    [input.resource.proposed_state.tags.Environment],
  )
}
