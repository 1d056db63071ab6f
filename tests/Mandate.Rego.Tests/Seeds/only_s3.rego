package spacelift

sample := true

deny contains message if {
  input.resource.resource_type != "aws_s3_bucket"
  message := sprintf(
    "Only S3 buckets are allowed. Resource type %q is not permitted.",
    [input.resource.resource_type],
  )
}

allow contains message if {
  input.resource.resource_type == "aws_s3_bucket"
  message := sprintf(
    "Operation %q on S3 bucket is allowed.",
    [input.resource.operation],
  )
}

