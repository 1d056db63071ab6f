namespace Mandate.Rego.Benchmarks;

/// <summary>A realistic input: creating an aws_s3_bucket with the provider's full proposed state.</summary>
internal static class S3Input
{
    public const string Json = """
        {"resource":{"resource_id":"logs-bucket","resource_type":"aws_s3_bucket","provider":"aws","provider_version":"5.82.2",
         "operation":"create","current_state":null,
         "proposed_state":{"acceleration_status":"","acl":null,"arn":"arn:aws:s3:::acme-logs-prod","bucket":"acme-logs-prod",
           "bucket_domain_name":"acme-logs-prod.s3.amazonaws.com","bucket_prefix":"","bucket_regional_domain_name":"acme-logs-prod.s3.eu-west-1.amazonaws.com",
           "cors_rule":[],"force_destroy":false,"grant":[{"id":"abc123","permissions":["FULL_CONTROL"],"type":"CanonicalUser","uri":""}],
           "hosted_zone_id":"Z1BKCTXD74EZPE","id":"acme-logs-prod","lifecycle_rule":[],"logging":[],"object_lock_configuration":[],
           "object_lock_enabled":false,"policy":"","region":"eu-west-1","replication_configuration":[],"request_payer":"BucketOwner",
           "server_side_encryption_configuration":[{"rule":[{"apply_server_side_encryption_by_default":[{"kms_master_key_id":"","sse_algorithm":"AES256"}],"bucket_key_enabled":false}]}],
           "tags":{"Environment":"prod","Owner":"platform","CostCenter":"1234"},
           "tags_all":{"Environment":"prod","Owner":"platform","CostCenter":"1234","ManagedBy":"mandate"},
           "timeouts":null,"versioning":[{"enabled":true,"mfa_delete":false}],"website":[],"website_domain":null,"website_endpoint":null}}}
        """;
}
