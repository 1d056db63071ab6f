using Mandate.Core.Secrets;

namespace Mandate.Core.Tests.Secrets;

public sealed class SecretProtectorTests
{
    private const string Where = "integration:42:secret_key";
    private const string Plaintext = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    private readonly SecretProtector _protector = new(SecretKey.Generate());

    [Fact]
    public void Round_trips_and_the_stored_text_hides_the_plaintext()
    {
        var stored = _protector.Protect(Plaintext, Where);

        Assert.StartsWith($"mk1:{_protector.CurrentKeyId}:", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("wJalr", stored, StringComparison.Ordinal);
        Assert.Equal(Plaintext, _protector.Unprotect(stored, Where));
    }

    [Fact]
    public void Each_encryption_uses_a_fresh_nonce()
    {
        Assert.NotEqual(_protector.Protect(Plaintext, Where), _protector.Protect(Plaintext, Where));
    }

    [Fact]
    public void Empty_and_non_ascii_secrets_round_trip()
    {
        Assert.Equal("", _protector.Unprotect(_protector.Protect("", Where), Where));
        Assert.Equal("pässwörd-🔑", _protector.Unprotect(_protector.Protect("pässwörd-🔑", Where), Where));
    }

    [Fact]
    public void Flipping_any_byte_of_the_sealed_payload_fails()
    {
        var stored = _protector.Protect(Plaintext, Where);
        var prefix = stored[..(stored.LastIndexOf(':') + 1)];
        var sealedBytes = Convert.FromBase64String(stored[prefix.Length..]);

        for (var i = 0; i < sealedBytes.Length; i++)
        {
            var tampered = (byte[])sealedBytes.Clone();
            tampered[i] ^= 0x01;
            var error = Assert.Throws<MandateException>(() => _protector.Unprotect(prefix + Convert.ToBase64String(tampered), Where));
            Assert.Equal(SecretErrorCodes.SecretUnreadable, error.Code);
        }
    }

    [Fact]
    public void A_ciphertext_copied_to_another_place_fails_and_the_error_hides_the_value()
    {
        var stored = _protector.Protect(Plaintext, Where);

        var error = Assert.Throws<MandateException>(() => _protector.Unprotect(stored, "integration:43:secret_key"));

        Assert.Equal(SecretErrorCodes.SecretUnreadable, error.Code);
        Assert.Contains("integration:43:secret_key", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(stored[10..], error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Plaintext, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_different_key_cannot_read_it_and_says_which_key_is_missing()
    {
        var stored = _protector.Protect(Plaintext, Where);
        var other = new SecretProtector(SecretKey.Generate());

        var error = Assert.Throws<MandateException>(() => other.Unprotect(stored, Where));

        Assert.Equal(SecretErrorCodes.SecretUnreadable, error.Code);
        Assert.Contains(_protector.CurrentKeyId, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Relabelling_the_key_id_does_not_let_another_key_decrypt()
    {
        var keyA = SecretKey.Generate();
        var keyB = SecretKey.Generate();
        var stored = new SecretProtector(keyA).Protect(Plaintext, Where);
        var relabelled = stored.Replace(keyA.Id, keyB.Id, StringComparison.Ordinal);

        var error = Assert.Throws<MandateException>(() => new SecretProtector(keyB, keyA).Unprotect(relabelled, Where));

        Assert.Equal(SecretErrorCodes.SecretUnreadable, error.Code);
    }

    [Fact]
    public void Rotation_reads_old_values_writes_with_the_new_key_and_flags_old_values()
    {
        var oldKey = SecretKey.Generate();
        var newKey = SecretKey.Generate();
        var oldValue = new SecretProtector(oldKey).Protect(Plaintext, Where);
        var rotated = new SecretProtector(newKey, oldKey);

        Assert.Equal(Plaintext, rotated.Unprotect(oldValue, Where));
        Assert.True(rotated.NeedsRotation(oldValue));
        var newValue = rotated.Protect(Plaintext, Where);
        Assert.False(rotated.NeedsRotation(newValue));
        Assert.Contains(newKey.Id, newValue, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("plain text")]
    [InlineData("mk1:abcdef")]
    [InlineData("mk1:abcdef:not base64!")]
    [InlineData("mk1:abcdef:AAAA")]
    [InlineData("mk2:abcdef:AAAA")]
    public void Malformed_stored_values_are_unreadable_not_crashes(string stored)
    {
        var error = Assert.Throws<MandateException>(() => _protector.Unprotect(stored, Where));

        Assert.Equal(SecretErrorCodes.SecretUnreadable, error.Code);
    }

    [Fact]
    public void Associated_data_is_required()
    {
        Assert.Throws<ArgumentException>(() => _protector.Protect(Plaintext, ""));
    }

    [Fact]
    public void Key_ids_are_stable_for_the_same_bytes_and_never_print_the_key()
    {
        var bytes = new byte[32];
        bytes[0] = 7;
        var key = SecretKey.FromBytes(bytes);

        Assert.Equal(key.Id, SecretKey.FromBytes(bytes).Id);
        Assert.Matches("^[0-9a-f]{16}$", key.Id);
        Assert.Equal($"SecretKey({key.Id})", key.ToString());
        Assert.NotEqual(key.Id, SecretKey.Generate().Id);
    }
}
