using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Mandate.Providers.Registry;

namespace Mandate.Providers.Tests.Registry;

public sealed class PackageHashesTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("mandate-hash");

    public void Dispose() => _dir.Delete(recursive: true);

    private string WriteZip(params (string Name, string Content)[] files)
    {
        var path = Path.Combine(_dir.FullName, $"{Guid.NewGuid():N}.zip");
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var (name, content) in files)
        {
            using var s = zip.CreateEntry(name).Open();
            s.Write(Encoding.UTF8.GetBytes(content));
        }
        return path;
    }

    [Fact]
    public void H1_of_a_zip_equals_h1_of_its_unpacked_directory_and_follows_the_dirhash_definition()
    {
        var zip = WriteZip(("terraform-provider-x_v1.0.0", "binary"), ("docs/README.md", "read me"), ("LICENSE", "MIT"));
        var unpacked = Path.Combine(_dir.FullName, "unpacked");
        ZipFile.ExtractToDirectory(zip, unpacked);

        // dirhash h1, written out from its definition: sorted "sha256hex  name\n" lines, SHA-256, base64.
        string Line(string name, string content) => $"{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)))}  {name}\n";
        var summary = Line("LICENSE", "MIT") + Line("docs/README.md", "read me") + Line("terraform-provider-x_v1.0.0", "binary");
        var expected = "h1:" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(summary)));

        Assert.Equal(expected, PackageHashes.H1ForZip(zip));
        Assert.Equal(expected, PackageHashes.H1ForDirectory(unpacked));
    }

    [Fact]
    public void H1_changes_when_any_byte_or_name_changes()
    {
        var a = PackageHashes.H1ForZip(WriteZip(("f", "content")));
        Assert.NotEqual(a, PackageHashes.H1ForZip(WriteZip(("f", "contenT"))));
        Assert.NotEqual(a, PackageHashes.H1ForZip(WriteZip(("g", "content"))));
        Assert.Equal(a, PackageHashes.H1ForZip(WriteZip(("f", "content"))));
    }

    [Fact]
    public void Zip_hash_is_the_lowercase_hex_sha256_of_the_archive()
    {
        var zip = WriteZip(("f", "content"));
        Assert.Equal("zh:" + Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(zip))), PackageHashes.ZipHash(zip));
    }
}
