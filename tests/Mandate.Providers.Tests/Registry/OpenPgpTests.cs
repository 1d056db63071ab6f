using System.Text;
using Mandate.Providers.Registry;
using Mandate.Providers.Registry.OpenPgp;

namespace Mandate.Providers.Tests.Registry;

[Collection(GnuPgCollection.Name)]
public sealed class OpenPgpTests(GnuPg gpg)
{
    [Fact]
    public void Crc24_matches_the_rfc_initial_value_and_detects_a_change()
    {
        Assert.Equal(0xB704CE, AsciiArmor.Crc24([]));
        Assert.NotEqual(AsciiArmor.Crc24("abc"u8), AsciiArmor.Crc24("abd"u8));
    }

    [GpgFact]
    public void Exported_key_yields_fingerprint_key_id_and_user_id_as_gpg_reports_them()
    {
        var fingerprint = gpg.Key("Test <t@example.invalid>");
        var keys = PgpPublicKey.ReadKeyRing(Encoding.ASCII.GetBytes(gpg.ExportArmored(fingerprint)), "test key");

        var primary = Assert.Single(keys);
        Assert.Equal(fingerprint, primary.FingerprintHex);
        Assert.Equal(GnuPg.KeyId(fingerprint), primary.KeyIdHex);
        Assert.Equal("Test <t@example.invalid>", primary.UserId);
        Assert.Equal(PgpPublicKeyAlgorithm.Rsa, primary.Algorithm);
        Assert.Equal(384, primary.Rsa!.Value.Modulus!.Length);
    }

    [GpgFact]
    public void Armor_with_a_corrupted_body_fails_its_checksum()
    {
        var armored = gpg.ExportArmored(gpg.Key("Test <t@example.invalid>"));
        var lines = armored.Split('\n');
        var bodyLine = Array.FindIndex(lines, l => l.Length == 64);
        var chars = lines[bodyLine].ToCharArray();
        chars[10] = chars[10] == 'A' ? 'B' : 'A';
        lines[bodyLine] = new string(chars);

        var error = Assert.Throws<PgpFormatException>(() => PgpPublicKey.ReadKeyRing(Encoding.ASCII.GetBytes(string.Join('\n', lines)), "test key"));
        Assert.Contains("armor checksum", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Non_armored_garbage_is_rejected_as_not_openpgp()
    {
        var error = Assert.Throws<PgpFormatException>(() => PgpSignature.ReadAll("hello"u8, "signature"));
        Assert.Contains("not a packet header", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncated_armor_is_reported()
    {
        var error = Assert.Throws<PgpFormatException>(() =>
            AsciiArmor.Decode("-----BEGIN PGP SIGNATURE-----\n\niQE=\n", "signature"));
        Assert.Contains("-----END PGP SIGNATURE-----", error.Message, StringComparison.Ordinal);
    }

    [GpgFact]
    public void Text_mode_signature_verifies_over_canonical_line_endings()
    {
        var fingerprint = gpg.Key("Test <t@example.invalid>");
        var keys = PgpPublicKey.ReadKeyRing(Encoding.ASCII.GetBytes(gpg.ExportArmored(fingerprint)), "key");
        var document = "line one\nline two\n"u8.ToArray();
        var signature = gpg.DetachSign(document, fingerprint, textMode: true);

        var signer = PgpSignatureVerifier.VerifyDetached(document, signature, keys, DateTimeOffset.UtcNow);

        Assert.Equal(fingerprint, signer.FingerprintHex);
        Assert.Throws<SignatureInvalidException>(() => PgpSignatureVerifier.VerifyDetached("line one\nline 2\n"u8, signature, keys, DateTimeOffset.UtcNow));
    }

    [Fact]
    public void New_format_partial_body_lengths_are_joined_and_old_format_lengths_read()
    {
        // New format, tag 2: a 2-octet partial chunk (0xE1 = 2^1), then a final 1-octet length.
        byte[] newFormat = [0xC2, 0xE1, 0x0A, 0x0B, 0x01, 0x0C];
        var packet = Assert.Single(PgpPacketReader.ReadAll(newFormat, "test"));
        Assert.Equal(2, packet.Tag);
        Assert.Equal([0x0A, 0x0B, 0x0C], packet.Body);

        // Old format, tag 6 with a two-octet length (0x99), followed by a new-format five-octet length packet.
        byte[] mixed = [0x99, 0x00, 0x02, 0x01, 0x02, 0xCD, 0xFF, 0x00, 0x00, 0x00, 0x01, 0x03];
        var packets = PgpPacketReader.ReadAll(mixed, "test");
        Assert.Equal([6, 13], packets.Select(p => p.Tag));
        Assert.Equal([0x03], packets[1].Body);
    }

    [Fact]
    public void Truncated_packet_names_the_offset()
    {
        var error = Assert.Throws<PgpFormatException>(() => PgpPacketReader.ReadAll([0xC2, 0x05, 0x01], "signature"));
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Version_3_signature_is_reported_as_unsupported()
    {
        byte[] v3 = [0xC2, 0x03, 0x03, 0x05, 0x00];
        var error = Assert.Throws<UnsupportedSignatureException>(() => PgpSignature.ReadAll(v3, "signature"));
        Assert.Contains("version 3", error.Message, StringComparison.Ordinal);
    }
}
