using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Mandate.Providers.Cty;
using Mandate.Providers.Cty.Json;
using Mandate.Providers.Schema;

namespace Mandate.Providers.Tests.Cty;

/// <summary>
/// Compares our JSON codecs with what the terraform CLI itself writes, using the built-in terraform_data
/// resource (no provider download, no network): its dynamic attributes exercise the {"value","type"} form,
/// exact big numbers, tuples, sets and nested nulls.
/// </summary>
public sealed class TerraformStateJsonTests
{
    private const string Config = """
        resource "terraform_data" "x" {
          input = { name = "a", n = 1.5, big = 12345678901234567890, tiny = 0.1, list = ["a", "b"], nested = { flag = true }, nul = null, set = toset(["z", "y"]) }
        }
        """;

    [TerraformFact]
    public void State_attributes_decode_and_reencode_to_the_same_json_and_show_json_matches_the_plain_view()
    {
        var dir = Directory.CreateTempSubdirectory("mandate-tfdata-");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "main.tf"), Config);
            Terraform(dir.FullName, "init", "-input=false", "-no-color");
            Terraform(dir.FullName, "apply", "-auto-approve", "-input=false", "-no-color");
            var schema = SchemaJson.ReadProvidersDocument(Terraform(dir.FullName, "providers", "schema", "-json"))["terraform.io/builtin/terraform"]
                .ResourceTypes["terraform_data"];
            var type = schema.ImpliedType();

            var state = JsonNode.Parse(File.ReadAllText(Path.Combine(dir.FullName, "terraform.tfstate")))!;
            var attributes = state["resources"]![0]!["instances"]![0]!["attributes"]!;
            var value = CtyJson.Decode(Encoding.UTF8.GetBytes(attributes.ToJsonString()), type);

            var input = value.GetAttribute("input");
            Assert.Equal(CtyNumber.Parse("12345678901234567890"), input.GetAttribute("big").AsNumber());
            Assert.Equal(CtyNumber.Parse("0.1"), input.GetAttribute("tiny").AsNumber());
            Assert.Equal(CtyTypeKind.Tuple, input.GetAttribute("list").Type.Kind);
            Assert.True(input.GetAttribute("nul").IsNull);

            var reencoded = JsonNode.Parse(CtyJson.Encode(value, type));
            Assert.True(JsonNode.DeepEquals(attributes, reencoded), $"state: {attributes.ToJsonString()}\nours:  {reencoded!.ToJsonString()}");

            var show = JsonNode.Parse(Terraform(dir.FullName, "show", "-json", "-no-color"))!;
            var shown = show["values"]!["root_module"]!["resources"]![0]!["values"]!;
            var view = CtyPlainJson.ToView(value);
            Assert.Empty(view.UnknownPaths);
            Assert.True(JsonNode.DeepEquals(shown, view.Value), $"show -json: {shown.ToJsonString()}\nplain view: {view.Value!.ToJsonString()}");

            // And the msgpack wire form of the same value survives a round trip with its dynamic types.
            Assert.Equal(value, Mandate.Providers.Cty.Msgpack.CtyMsgpack.Decode(Mandate.Providers.Cty.Msgpack.CtyMsgpack.Encode(value, type), type));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static byte[] Terraform(string dir, params string[] args)
    {
        var start = new ProcessStartInfo("terraform") { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["CHECKPOINT_DISABLE"] = "1";
        start.Environment["TF_IN_AUTOMATION"] = "1";
        using var process = Process.Start(start)!;
        using var output = new MemoryStream();
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardOutput.BaseStream.CopyTo(output);
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"terraform {string.Join(' ', args)} failed: {stderr.Result}");
        return output.ToArray();
    }
}

/// <summary>A fact that needs the terraform CLI; skipped, with the reason, when it is not on PATH.</summary>
internal sealed class TerraformFactAttribute : FactAttribute
{
    public TerraformFactAttribute()
    {
        var found = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Any(p => File.Exists(Path.Combine(p, "terraform")));
        if (!found) Skip = "Needs the terraform CLI on PATH to compare with its own state and show -json output.";
    }
}
