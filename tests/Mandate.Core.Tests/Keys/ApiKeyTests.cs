using Mandate.Core.Access;
using Mandate.Core.Keys;

namespace Mandate.Core.Tests.Keys;

public sealed class ApiKeyTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 22, 3, 0, 0, TimeSpan.Zero);
    private readonly ManualClock _clock = new(Start);

    [Fact]
    public void Created_key_has_the_documented_shape_and_only_its_hash_is_stored()
    {
        var issued = new ApiKeyFactory(_clock).Create(KeyScope.Write);

        Assert.Matches("^mdt_[a-z0-9]{12}_[A-Za-z0-9_-]{43}$", issued.PlainText);
        Assert.Equal(issued.PlainText.Substring(4, 12), issued.Stored.KeyId);
        Assert.Matches("^[0-9a-f]{64}$", issued.Stored.Hash);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(issued.PlainText))), issued.Stored.Hash);
        Assert.Equal(Start, issued.Stored.CreatedAt);
        var secretPart = issued.PlainText[17..];
        Assert.DoesNotContain(secretPart, issued.Stored.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(secretPart, issued.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Keys_are_unique()
    {
        var factory = new ApiKeyFactory(_clock);
        var keys = Enumerable.Range(0, 200).Select(_ => factory.Create(KeyScope.Read)).ToList();

        Assert.Equal(200, keys.Select(k => k.PlainText).Distinct().Count());
        Assert.Equal(200, keys.Select(k => k.Stored.KeyId).Distinct().Count());
    }

    [Fact]
    public void An_expiry_in_the_past_is_refused()
    {
        var error = Assert.Throws<MandateException>(() => new ApiKeyFactory(_clock).Create(KeyScope.Write, Start));

        Assert.Equal(MandateErrorCodes.InvalidArgument, error.Code);
    }

    [Fact]
    public void The_right_key_is_accepted_with_its_stored_record()
    {
        var issued = new ApiKeyFactory(_clock).Create(KeyScope.Read);

        var result = new ApiKeyVerifier(_clock).Verify(issued.PlainText, issued.Stored);

        Assert.True(result.IsValid);
        Assert.Equal(issued.Stored, result.EnsureValid());
        Assert.Equal(issued.Stored.KeyId, result.KeyId);
    }

    [Fact]
    public void A_different_secret_under_the_same_id_is_refused_like_an_unknown_id()
    {
        var issued = new ApiKeyFactory(_clock).Create(KeyScope.Write);
        var lastChar = issued.PlainText[^1] == 'A' ? 'B' : 'A';
        var forged = issued.PlainText[..^1] + lastChar;
        var verifier = new ApiKeyVerifier(_clock);

        var wrong = verifier.Verify(forged, issued.Stored);
        var unknown = verifier.Verify(forged, null);

        Assert.Equal(ApiKeyRejection.WrongSecret, wrong.Rejection);
        Assert.Equal(ApiKeyRejection.Unknown, unknown.Rejection);
        Assert.Equal(wrong.Message, unknown.Message);
        var error = Assert.Throws<MandateException>(() => wrong.EnsureValid());
        Assert.Equal(MandateErrorCodes.Unauthenticated, error.Code);
        Assert.Equal("wrong-secret", error.Details["reason"]);
    }

    [Fact]
    public void A_revoked_key_is_refused_as_revoked()
    {
        var issued = new ApiKeyFactory(_clock).Create(KeyScope.Write);
        var revoked = issued.Stored.Revoke(Start.AddMinutes(5));

        var result = new ApiKeyVerifier(_clock).Verify(issued.PlainText, revoked);

        Assert.Equal(ApiKeyRejection.Revoked, result.Rejection);
        Assert.Contains("revoked at 2026-11-22 03:05:00 UTC", result.Message, StringComparison.Ordinal);
        Assert.Equal(revoked, revoked.Revoke(Start.AddHours(1)));
    }

    [Fact]
    public void A_key_works_until_its_expiry_and_is_refused_as_expired_from_then_on()
    {
        var issued = new ApiKeyFactory(_clock).Create(KeyScope.Write, Start.AddHours(1));
        var verifier = new ApiKeyVerifier(_clock);

        _clock.Advance(TimeSpan.FromMinutes(59));
        Assert.True(verifier.Verify(issued.PlainText, issued.Stored).IsValid);
        _clock.Advance(TimeSpan.FromMinutes(1));
        var result = verifier.Verify(issued.PlainText, issued.Stored);

        Assert.Equal(ApiKeyRejection.Expired, result.Rejection);
        Assert.Contains("expired at 2026-11-22 04:00:00 UTC", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Revocation_and_expiry_are_not_revealed_to_a_wrong_secret()
    {
        var issued = new ApiKeyFactory(_clock).Create(KeyScope.Write);
        var revoked = issued.Stored.Revoke(Start);
        var forged = issued.PlainText[..17] + new string('A', 43);

        Assert.Equal(ApiKeyRejection.WrongSecret, new ApiKeyVerifier(_clock).Verify(forged, revoked).Rejection);
    }

    [Theory]
    [InlineData(null, "no API key was presented")]
    [InlineData("", "no API key was presented")]
    [InlineData("sk_live_abcdefabcdefabcdefabcdef", "does not start with 'mdt_'")]
    [InlineData("mdt_short", "has 9 characters")]
    [InlineData("mdt_ABCDEFGHIJKL_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "id part")]
    [InlineData("mdt_abcdefghijkl_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA!", "outside base64url")]
    public void Malformed_keys_get_a_clear_error_that_never_echoes_the_text(string? presented, string expected)
    {
        var result = new ApiKeyVerifier(_clock).Verify(presented, null);

        Assert.Equal(ApiKeyRejection.Malformed, result.Rejection);
        Assert.Null(result.KeyId);
        Assert.Contains(expected, result.Message, StringComparison.Ordinal);
        Assert.Contains("mdt_<12 characters a-z0-9>_<43 characters base64url>", result.Message, StringComparison.Ordinal);
        if (!string.IsNullOrEmpty(presented) && presented.Length > 8)
        {
            Assert.DoesNotContain(presented[4..], result.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task VerifyAsync_looks_up_by_the_parsed_id()
    {
        var issued = new ApiKeyFactory(_clock).Create(KeyScope.Write);
        string? askedFor = null;

        var result = await new ApiKeyVerifier(_clock).VerifyAsync(issued.PlainText, (id, _) =>
        {
            askedFor = id;
            return ValueTask.FromResult<StoredApiKey?>(issued.Stored);
        }, CancellationToken.None);

        Assert.True(result.IsValid);
        Assert.Equal(issued.Stored.KeyId, askedFor);
    }

    [Fact]
    public async Task VerifyAsync_does_not_touch_the_store_for_a_malformed_key()
    {
        var result = await new ApiKeyVerifier(_clock).VerifyAsync("nope",
            (_, _) => throw new InvalidOperationException("store must not be asked"), CancellationToken.None);

        Assert.Equal(ApiKeyRejection.Malformed, result.Rejection);
    }
}
