namespace Mandate.Providers.Registry.OpenPgp;

/// <summary>
/// Decides whether a key could sign at the time a signature was made, from the signatures in its key block:
/// the primary key must carry a valid self-certification (its owner's confirmation), must not be revoked, and
/// must not have expired before the signature time; a subkey must additionally be bound by the primary key
/// with the signing flag, and be neither revoked nor expired. Expiry is judged at the signature's creation
/// time, not now, so a release signed while its key was valid stays installable after the key expires.
/// </summary>
internal static class PgpKeyValidity
{
    private const byte KeyFlagSign = 0x02;

    public static void Check(PgpPublicKey key, DateTimeOffset signatureTime)
    {
        var primary = key.Primary;
        if (primary.UnsupportedReason is not null)
            throw new UnsupportedSignatureException($"The primary key of {key} cannot be checked: {primary.UnsupportedReason}.");

        foreach (var revocation in primary.Revocations)
        {
            if (VerifiesIfSupported(revocation, primary, primary.FramedBody))
                throw new SignatureInvalidException($"Key {primary} was revoked by its owner; signatures by it are not accepted.");
        }

        var certification = NewestValid(primary.Certifications.Select(c => (c.Signature, Document: CertificationDocument(primary, c.UserId))), primary)
            ?? throw new SignatureInvalidException(
                $"Key {primary} has no valid self-signature on any user ID, so its owner never confirmed it; signatures by it are not accepted.");
        CheckNotExpired(primary, certification.KeyExpiresAfterSeconds, signatureTime);
        if (!key.IsSubkey && certification.KeyFlags is { } flags && (flags & KeyFlagSign) == 0)
            throw new SignatureInvalidException($"Key {primary} is not allowed to sign data (its key flags lack the signing flag).");

        if (!key.IsSubkey)
            return;
        var bound = Concat(primary.FramedBody, key.FramedBody);
        foreach (var revocation in key.Revocations)
        {
            if (VerifiesIfSupported(revocation, primary, bound))
                throw new SignatureInvalidException($"Subkey {key.KeyIdHex} of {primary} was revoked; signatures by it are not accepted.");
        }
        var binding = NewestValid(key.BindingSignatures.Select(b => (b, bound)), primary);
        if (binding is null || (binding.KeyFlags is { } subkeyFlags && (subkeyFlags & KeyFlagSign) == 0))
        {
            throw new SignatureInvalidException(
                $"SHA256SUMS is signed by subkey {key.KeyIdHex}, but its primary key {primary} has no valid binding signature allowing it to sign.");
        }
        CheckNotExpired(key, binding.KeyExpiresAfterSeconds, signatureTime);
    }

    // The newest self-signature is the owner's current statement (e.g. a later one extends or shortens expiry).
    private static PgpSignature? NewestValid(IEnumerable<(PgpSignature Signature, byte[] Document)> candidates, PgpPublicKey signer) =>
        candidates
            .Where(c => VerifiesIfSupported(c.Signature, signer, c.Document))
            .Select(c => c.Signature)
            .MaxBy(s => s.Created ?? DateTimeOffset.MinValue);

    // A self-signature in a hash we do not accept (old keys have SHA-1 ones) simply does not count; a newer one may.
    private static bool VerifiesIfSupported(PgpSignature signature, PgpPublicKey signer, byte[] document)
    {
        try
        {
            return PgpSignatureVerifier.Verifies(signature, signer, document, out _);
        }
        catch (UnsupportedSignatureException)
        {
            return false;
        }
    }

    private static void CheckNotExpired(PgpPublicKey key, uint? expiresAfterSeconds, DateTimeOffset signatureTime)
    {
        if (expiresAfterSeconds is not > 0)
            return;
        var expiry = key.Created.AddSeconds(expiresAfterSeconds.Value);
        if (expiry < signatureTime)
            throw new SignatureInvalidException($"Key {key} expired on {expiry:u}, before the signature was made ({signatureTime:u}).");
    }

    // A certification covers the key and then the user ID, framed as 0xB4 and a four-octet length (RFC 4880 §5.2.4).
    private static byte[] CertificationDocument(PgpPublicKey primary, byte[] userId)
    {
        var header = new byte[5];
        header[0] = 0xB4;
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(1), userId.Length);
        return Concat(primary.FramedBody, header, userId);
    }

    private static byte[] Concat(params byte[][] parts)
    {
        var result = new byte[parts.Sum(p => p.Length)];
        var offset = 0;
        foreach (var part in parts)
        {
            part.CopyTo(result, offset);
            offset += part.Length;
        }
        return result;
    }
}
