namespace Mandate.Cli.Tests;

using Mandate.Server;

public sealed class DataDirectoryTests
{
    [Fact]
    public void Prepare_refuses_a_path_that_is_a_file_and_says_so()
    {
        var file = Path.GetTempFileName();
        try
        {
            var failure = Assert.Throws<IOException>(() => DataDirectory.Prepare(file));
            Assert.Contains("is a file", failure.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Prepare_creates_missing_parents_and_is_idempotent()
    {
        var root = Path.Combine(Path.GetTempPath(), $"mandate-dd-{Guid.NewGuid():N}");
        var nested = Path.Combine(root, "a", "b");
        try
        {
            Assert.Equal(nested, DataDirectory.Prepare(nested));
            Assert.Equal(nested, DataDirectory.Prepare(nested));
            Assert.True(Directory.Exists(nested));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
