using System.Diagnostics;
using System.Text.Json;
using Mandate.Providers.Schema;

namespace Mandate.Providers.Tests.Schema;

/// <summary>
/// The real hashicorp/aws 5.100.0 schema, produced once per test run with <c>terraform providers schema -json</c>
/// in a temp directory from the local plugin mirror (<c>/opt/tf-plugins</c>, or <c>MANDATE_TEST_PLUGIN_DIR</c>).
/// Tests that need it use <see cref="AwsSchemaFactAttribute"/>, which skips them with the reason when terraform or
/// the mirror is absent.
/// </summary>
internal static class AwsSchemaFixture
{
    public const string ProviderAddress = "registry.terraform.io/hashicorp/aws";
    public const string Version = "5.100.0";

    private static readonly Lazy<Loaded> Instance = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string PluginDir => Environment.GetEnvironmentVariable("MANDATE_TEST_PLUGIN_DIR") is { Length: > 0 } d ? d : "/opt/tf-plugins";

    /// <summary>Why the schema cannot be produced here, or null when it can.</summary>
    public static string? UnavailableReason
    {
        get
        {
            if (FindTerraform() is null) return "terraform is not on PATH";
            var providerDir = Path.Combine(PluginDir, "registry.terraform.io", "hashicorp", "aws", Version);
            return Directory.Exists(providerDir) ? null : $"the provider mirror has no hashicorp/aws {Version} at {providerDir}";
        }
    }

    /// <summary>The parsed provider schema.</summary>
    public static ProviderSchema Schema => Instance.Value.Schema;

    /// <summary>The compact JSON text of one resource type's entry, exactly as terraform printed it.</summary>
    public static string ResourceJson(string typeName) => Instance.Value.ResourceJson[typeName];

    /// <summary>The whole document's bytes.</summary>
    public static byte[] DocumentBytes => Instance.Value.Bytes;

    private sealed record Loaded(ProviderSchema Schema, Dictionary<string, string> ResourceJson, byte[] Bytes);

    private static Loaded Load()
    {
        var dir = Directory.CreateTempSubdirectory("mandate-aws-schema-");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "main.tf"),
                $"terraform {{\n required_providers {{\n aws = {{ source = \"hashicorp/aws\", version = \"{Version}\" }}\n }}\n}}\n");
            Run(dir.FullName, "init", $"-plugin-dir={PluginDir}", "-input=false", "-no-color");
            var bytes = Run(dir.FullName, "providers", "schema", "-json");
            var schema = SchemaJson.ReadProvidersDocument(bytes)[ProviderAddress];
            var json = new Dictionary<string, string>(StringComparer.Ordinal);
            using (var doc = JsonDocument.Parse(bytes))
            {
                foreach (var r in doc.RootElement.GetProperty("provider_schemas").GetProperty(ProviderAddress).GetProperty("resource_schemas").EnumerateObject())
                    json[r.Name] = r.Value.GetRawText();
            }

            return new Loaded(schema, json, bytes);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static byte[] Run(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo(FindTerraform()!) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["TF_IN_AUTOMATION"] = "1";
        start.Environment["CHECKPOINT_DISABLE"] = "1";
        using var process = Process.Start(start)!;
        using var output = new MemoryStream();
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardOutput.BaseStream.CopyTo(output);
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"terraform {string.Join(' ', args)} failed ({process.ExitCode}): {stderr.Result}");
        return output.ToArray();
    }

    private static string? FindTerraform() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(p => Path.Combine(p, "terraform"))
            .FirstOrDefault(File.Exists);
}

/// <summary>A fact that needs the real AWS schema; skipped, with the reason, when it cannot be produced here.</summary>
internal sealed class AwsSchemaFactAttribute : FactAttribute
{
    public AwsSchemaFactAttribute()
    {
        if (AwsSchemaFixture.UnavailableReason is { } reason) Skip = $"Needs the real hashicorp/aws schema: {reason}.";
    }
}
