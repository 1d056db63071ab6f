using System.Text;
using Xunit.Abstractions;

namespace Mandate.Rego.Tests.Conformance;

/// <summary>
/// Runs every case of OPA's compliance suite found under <c>$MANDATE_OPA_CASES</c> (default:
/// <c>../shared/opa-cases</c> beside the repository root). Prints pass/fail per folder and
/// <c>N passed, N failed</c>, writes failures to <c>conformance-failures.txt</c> in the output directory,
/// and fails when fewer cases pass than the checked-in ratchet. <c>MANDATE_OPA_FOLDERS</c> (comma-separated)
/// restricts the run to some folders and skips the ratchet.
/// </summary>
public sealed class ConformanceTests(ITestOutputHelper output)
{
    [ConformanceFact]
    public void Opa_compliance_cases_pass_at_least_the_ratchet()
    {
        var root = CasesDirectory()!;
        var filter = Environment.GetEnvironmentVariable("MANDATE_OPA_FOLDERS")?
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
        var results = new List<(OpaCase Case, string? Failure)>();

        // A deep policy must not take the test host down: evaluate on a thread with a large stack.
        var worker = new Thread(() => RunAll(root, filter, results), 256 * 1024 * 1024);
        worker.Start();
        worker.Join();

        var report = new StringBuilder();
        var summary = new StringBuilder();
        foreach (var group in results.GroupBy(r => r.Case.Folder).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var pass = group.Count(r => r.Failure is null);
            output.WriteLine($"{group.Key}: {pass} passed, {group.Count() - pass} failed");
            summary.AppendLine($"{group.Key} {pass}/{group.Count()}");
            foreach (var (c, failure) in group.Where(r => r.Failure is not null))
            {
                report.AppendLine($"{c.Folder}/{c.File} :: {c.Note} :: {failure!.ReplaceLineEndings(" ")}");
            }
        }

        var passed = results.Count(r => r.Failure is null);
        var failed = results.Count - passed;
        output.WriteLine($"{passed} passed, {failed} failed");
        // The test output above only shows at detailed verbosity; ./test.sh prints this file after the run.
        // "pass/total" on purpose: CI reads "N passed, N failed" lines as the suite's own result.
        summary.AppendLine($"all {passed}/{results.Count}");
        File.WriteAllText(Path.Combine(AppContext.BaseDirectory, "conformance-summary.txt"), summary.ToString());
        var reportPath = Path.Combine(AppContext.BaseDirectory, "conformance-failures.txt");
        File.WriteAllText(reportPath, report.ToString());
        output.WriteLine($"failures listed in {reportPath}");

        if (filter is null)
        {
            var ratchet = int.Parse(File.ReadAllText(RatchetPath()).Trim(), System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(passed >= ratchet, $"{passed} cases passed, below the ratchet of {ratchet} (conformance-ratchet.txt)");
        }
    }

    private static void RunAll(string root, HashSet<string>? filter, List<(OpaCase, string?)> results)
    {
        foreach (var version in new[] { "v0", "v1" })
        {
            var dir = Path.Combine(root, version);
            if (!Directory.Exists(dir))
            {
                continue;
            }

            foreach (var folder in Directory.GetDirectories(dir).OrderBy(d => d, StringComparer.Ordinal))
            {
                var name = Path.GetFileName(folder);
                if (filter is not null && !filter.Contains(name))
                {
                    continue;
                }

                foreach (var file in Directory.GetFiles(folder, "*.yaml", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal))
                {
                    List<OpaCase> cases;
                    try
                    {
                        cases = OpaCase.Load(file, $"{version}/{name}", version == "v0").ToList();
                    }
#pragma warning disable CA1031 // An unreadable file is reported, not fatal.
                    catch (Exception e)
#pragma warning restore CA1031
                    {
                        var broken = new OpaCase { Folder = $"{version}/{name}", File = Path.GetFileName(file), Note = "(file)", Query = string.Empty, Modules = [] };
                        results.Add((broken, "cannot read YAML: " + e.Message));
                        continue;
                    }

                    foreach (var c in cases)
                    {
                        results.Add((c, CaseRunner.Run(c)));
                    }
                }
            }
        }
    }

    internal static string? CasesDirectory()
    {
        var env = Environment.GetEnvironmentVariable("MANDATE_OPA_CASES");
        if (!string.IsNullOrEmpty(env))
        {
            return Directory.Exists(env) ? env : null;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Mandate.slnx")))
            {
                var candidate = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "opa-cases"));
                return Directory.Exists(candidate) ? candidate : null;
            }
        }

        return null;
    }

    // Found from the repository root, not from [CallerFilePath]: deterministic CI builds map source paths
    // to "/_/", which exists nowhere on disk.
    private static string RatchetPath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Mandate.slnx")))
            {
                return Path.Combine(dir.FullName, "tests", "Mandate.Rego.Tests", "Conformance", "conformance-ratchet.txt");
            }
        }

        throw new InvalidOperationException($"no Mandate.slnx above {AppContext.BaseDirectory}; run the tests from a checkout of the repository");
    }
}

/// <summary>Skips (with the reason) when the OPA cases directory is absent.</summary>
public sealed class ConformanceFactAttribute : FactAttribute
{
    public ConformanceFactAttribute()
    {
        if (ConformanceTests.CasesDirectory() is null)
        {
            Skip = "OPA cases not found: set MANDATE_OPA_CASES or place them at ../shared/opa-cases beside the repository root";
        }
    }
}
