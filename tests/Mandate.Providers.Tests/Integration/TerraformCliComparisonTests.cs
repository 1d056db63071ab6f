using System.Diagnostics;
using System.Text.Json.Nodes;
using Mandate.Providers.Cty.Json;
using Mandate.Providers.Messages;
using Mandate.TestFixtures.Aws;
using Mandate.Providers.Tests.Support;
using Mandate.TestFixtures.Xunit;

namespace Mandate.Providers.Tests.Integration;

/// <summary>
/// The same aws_dynamodb_table created by Mandate and by the terraform CLI (same provider binary, same dynalite)
/// must end up with the same state: our plain JSON view of the state equals `terraform show -json`'s values.
/// </summary>
public sealed class TerraformCliComparisonTests(AwsProviderFixture aws) : IClassFixture<AwsProviderFixture>
{
    private const string Type = "aws_dynamodb_table";

    [RequiresTerraformFact]
    public async Task Mandate_and_terraform_apply_produce_the_same_state()
    {
        var terraform = RequiresTerraformFactAttribute.TerraformPath!;
        var name = $"cmp-{Guid.NewGuid():N}"[..24];
        var config = aws.ResourceConfig(Type, $$"""
            { "name": "{{name}}", "hash_key": "id", "billing_mode": "PAY_PER_REQUEST",
              "attribute": [{ "name": "id", "type": "S" }] }
            """);
        var created = await aws.Lifecycle.ApplyAsync(await aws.Lifecycle.PlanAsync(Type, null, config));
        Assert.True(created.Succeeded, created.Diagnostics.Describe());
        // terraform keeps the state apply returned (show -json does not refresh), so compare that one.
        var ours = CtyPlainJson.ToView(created.State!.Value).Value!;
        var deleted = await aws.Lifecycle.ApplyAsync(await aws.Lifecycle.PlanAsync(Type, created.State, null));
        Assert.True(deleted.Succeeded, deleted.Diagnostics.Describe());

        // The same table, same name, now through the CLI (init is not part of what is compared).
        var directory = Directory.CreateTempSubdirectory("mandate-tf-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(directory, "cli.tfrc"), $$"""
                provider_installation {
                  filesystem_mirror {
                    path    = "{{AwsProviderRequirement.Get().MirrorRoot}}"
                    include = ["registry.terraform.io/hashicorp/aws"]
                  }
                }
                """);
            await File.WriteAllTextAsync(Path.Combine(directory, "main.tf"), $$"""
                terraform {
                  required_providers {
                    aws = { source = "hashicorp/aws", version = "{{AwsProviderRequirement.Get().Version}}" }
                  }
                }
                provider "aws" {
                  region                      = "us-east-1"
                  access_key                  = "S3RVER"
                  secret_key                  = "S3RVER"
                  skip_credentials_validation = true
                  skip_requesting_account_id  = true
                  skip_metadata_api_check     = "true"
                  s3_use_path_style           = true
                  endpoints {
                    dynamodb = "{{aws.Dynalite.Endpoint}}"
                    s3       = "{{aws.S3rver.Endpoint}}"
                  }
                }
                resource "aws_dynamodb_table" "t" {
                  name         = "{{name}}"
                  hash_key     = "id"
                  billing_mode = "PAY_PER_REQUEST"
                  attribute {
                    name = "id"
                    type = "S"
                  }
                }
                """);
            await RunAsync(terraform, directory, "init", "-input=false", "-no-color");
            await RunAsync(terraform, directory, "apply", "-auto-approve", "-input=false", "-no-color");
            var show = JsonNode.Parse(await RunAsync(terraform, directory, "show", "-json", "-no-color"))!;
            var theirs = show["values"]!["root_module"]!["resources"]![0]!["values"]!;
            await RunAsync(terraform, directory, "destroy", "-auto-approve", "-input=false", "-no-color");

            var differences = ((JsonObject)ours).Select(kv => kv.Key)
                .Where(key => !JsonNode.DeepEquals(ours[key], theirs[key]))
                .Select(key => $"{key}: ours {ours[key]?.ToJsonString() ?? "null"}, terraform {theirs[key]?.ToJsonString() ?? "null"}")
                .ToList();
            Assert.True(differences.Count == 0, "state differs from terraform's:\n" + string.Join("\n", differences));
            Assert.Equal(((JsonObject)theirs).Count, ((JsonObject)ours).Count);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<string> RunAsync(string terraform, string directory, params string[] arguments)
    {
        var info = new ProcessStartInfo(terraform) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["TF_CLI_CONFIG_FILE"] = Path.Combine(directory, "cli.tfrc");
        info.Environment["TF_IN_AUTOMATION"] = "1";
        info.Environment["CHECKPOINT_DISABLE"] = "1";
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
        Assert.True(process.ExitCode == 0, $"terraform {string.Join(' ', arguments)} failed: {await error}");
        return await output;
    }
}
