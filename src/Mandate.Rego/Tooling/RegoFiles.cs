using Mandate.Rego.Compile;
using Mandate.Rego.Values;

namespace Mandate.Rego.Tooling;

/// <summary>
/// Loads policy files and directories as the CLI takes them (<c>-d FILE_OR_DIR…</c>): every <c>.rego</c>
/// file becomes a module; every <c>data.json</c> is merged into <c>data</c> at the path of its directory
/// relative to the argument (as <c>opa</c> does).
/// </summary>
public static class RegoFiles
{
    public static (RegoCompiler Compiler, RegoValue Data) Load(IEnumerable<string> paths, CompilerOptions? options = null)
    {
        var compiler = new RegoCompiler(options);
        var data = RegoObject.Empty as RegoValue;
        foreach (var path in paths)
        {
            if (File.Exists(path))
            {
                data = AddFile(compiler, data, path, []);
                continue;
            }

            if (!Directory.Exists(path))
            {
                throw new FileNotFoundException($"policy path '{path}' does not exist (expected a .rego file, a data.json file or a directory)", path);
            }

            foreach (var file in Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                var rel = Path.GetRelativePath(path, Path.GetDirectoryName(file)!);
                var prefix = rel == "." ? [] : rel.Split(Path.DirectorySeparatorChar);
                data = AddFile(compiler, data, file, prefix);
            }
        }

        return (compiler, data);
    }

    private static RegoValue AddFile(RegoCompiler compiler, RegoValue data, string file, string[] prefix)
    {
        if (file.EndsWith(".rego", StringComparison.Ordinal))
        {
            compiler.AddModule(file, File.ReadAllText(file));
        }
        else if (Path.GetFileName(file) == "data.json")
        {
            var value = RegoJson.Parse(File.ReadAllText(file));
            for (var i = prefix.Length - 1; i >= 0; i--)
            {
                value = RegoObject.From([new KeyValuePair<string, RegoValue>(prefix[i], value)]);
            }

            data = Merge(data, value);
        }

        return data;
    }

    private static RegoValue Merge(RegoValue a, RegoValue b)
    {
        if (a is not RegoObject oa || b is not RegoObject ob)
        {
            return b;
        }

        var builder = oa.ToBuilder();
        for (var i = 0; i < ob.Count; i++)
        {
            builder.Set(ob.Keys[i], oa.TryGetValue(ob.Keys[i], out var existing) ? Merge(existing, ob.Values[i]) : ob.Values[i]);
        }

        return builder.Build();
    }
}
