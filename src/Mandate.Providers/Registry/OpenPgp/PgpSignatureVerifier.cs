using System.Security.Cryptography;

namespace Mandate.Providers.Registry.OpenPgp;

/// <summary>
/// Checks detached OpenPGP signatures with System.Security.Cryptography: RSA PKCS#1 v1.5 and ECDSA on NIST
/// curves, over SHA-256, SHA-384 or SHA-512. Each failure is a distinct exception: the signer is not among
/// the given keys (<see cref="UnknownSigningKeyException"/>), the signature does not verify
/// (<see cref="SignatureInvalidException"/>), or it uses what this verifier cannot check
/// (<see cref="UnsupportedSignatureException"/>).
/// </summary>
internal static class PgpSignatureVerifier
{
    private const int BinaryDocument = 0x00;
    private const int TextDocument = 0x01;

    /// <summary>Verifies a detached signature over <paramref name="document"/>; returns the key that made it.</summary>
    public static PgpPublicKey VerifyDetached(ReadOnlySpan<byte> document, ReadOnlySpan<byte> signatureData, IReadOnlyList<PgpPublicKey> keys, DateTimeOffset now)
    {
        var signatures = PgpSignature.ReadAll(signatureData, "signature of SHA256SUMS");
        ProviderInstallException? firstFailure = null;
        // A signature file may hold several signatures; one good signature by a listed key is enough.
        foreach (var signature in signatures)
        {
            try
            {
                return VerifyOne(document, signature, keys, now);
            }
            catch (ProviderInstallException ex)
            {
                firstFailure ??= ex;
            }
        }
        throw firstFailure!;
    }

    private static PgpPublicKey VerifyOne(ReadOnlySpan<byte> document, PgpSignature signature, IReadOnlyList<PgpPublicKey> keys, DateTimeOffset now)
    {
        if (signature.SignatureType is not (BinaryDocument or TextDocument))
        {
            throw new SignatureInvalidException(
                $"The signature of SHA256SUMS has type 0x{signature.SignatureType:X2}; a detached document signature (0x00 or 0x01) is required.");
        }
        var key = FindKey(signature, keys);
        if (key.UnsupportedReason is not null)
            throw new UnsupportedSignatureException($"The signature of SHA256SUMS was made by key {key}, but {key.UnsupportedReason}.");
        if (signature.UnknownCriticalSubpacket is { } critical)
        {
            throw new SignatureInvalidException(
                $"The signature of SHA256SUMS by key {key} carries critical subpacket type {critical}, which this verifier does not understand, so it must be rejected.");
        }
        var canonical = signature.SignatureType == TextDocument ? CanonicalText(document) : document;
        if (!Verifies(signature, key, canonical, out var reason))
            throw new SignatureInvalidException($"The signature of SHA256SUMS does not verify with key {key}: {reason}. The file or its signature was altered.");
        if (signature.Created is { } created && signature.ExpiresAfterSeconds is > 0 and var seconds
            && created.AddSeconds(seconds) < now)
        {
            throw new SignatureInvalidException($"The signature of SHA256SUMS by key {key} expired on {created.AddSeconds(seconds):u}.");
        }
        PgpKeyValidity.Check(key, signature.Created ?? now);
        return key;
    }

    private static PgpPublicKey FindKey(PgpSignature signature, IReadOnlyList<PgpPublicKey> keys)
    {
        foreach (var key in keys)
        {
            var matches = signature.IssuerFingerprint is { } fp
                ? fp.AsSpan().SequenceEqual(key.Fingerprint)
                : signature.IssuerKeyId == key.KeyId;
            if (matches)
                return key;
        }
        var listed = keys.Count == 0 ? "none" : string.Join(", ", keys.Select(k => k.ToString()));
        throw new UnknownSigningKeyException(signature.IssuerText,
            $"SHA256SUMS is signed by key {signature.IssuerText}, which is not among the keys the registry lists for this provider ({listed}). " +
            "The package may not come from its publisher; do not install it.");
    }

    /// <summary>True when <paramref name="signature"/> by <paramref name="key"/> is valid over <paramref name="document"/>.</summary>
    internal static bool Verifies(PgpSignature signature, PgpPublicKey key, ReadOnlySpan<byte> document, out string reason)
    {
        var hashName = signature.HashAlgorithm switch
        {
            8 => HashAlgorithmName.SHA256,
            9 => HashAlgorithmName.SHA384,
            10 => HashAlgorithmName.SHA512,
            2 => throw new UnsupportedSignatureException($"The signature by key {key} uses SHA-1, which is too weak to accept."),
            var other => throw new UnsupportedSignatureException(
                $"The signature by key {key} uses hash algorithm {other}; SHA-256, SHA-384 and SHA-512 are supported."),
        };
        using var hash = IncrementalHash.CreateHash(hashName);
        hash.AppendData(document);
        hash.AppendData(signature.HashedHeader);
        // The v4 trailer: version, 0xFF, and the four-octet length of the hashed header (RFC 4880 §5.2.4).
        Span<byte> trailer = [0x04, 0xFF, 0, 0, 0, 0];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(trailer[2..], signature.HashedHeader.Length);
        hash.AppendData(trailer);
        var digest = hash.GetHashAndReset();
        if (digest[0] != signature.DigestPrefix[0] || digest[1] != signature.DigestPrefix[1])
        {
            reason = "the digest of the signed data differs from the one the signature was made over";
            return false;
        }
        var ok = key.Algorithm switch
        {
            PgpPublicKeyAlgorithm.Rsa or PgpPublicKeyAlgorithm.RsaSignOnly => VerifyRsa(key, signature, digest, hashName),
            PgpPublicKeyAlgorithm.Ecdsa => VerifyEcdsa(key, signature, digest),
            _ => throw new UnsupportedSignatureException($"Signatures by key {key} ({key.Algorithm}) cannot be checked."),
        };
        reason = ok ? "" : "the cryptographic check failed";
        return ok;
    }

    private static bool VerifyRsa(PgpPublicKey key, PgpSignature signature, byte[] digest, HashAlgorithmName hashName)
    {
        if (signature.Values.Count != 1 || signature.Algorithm is not (PgpPublicKeyAlgorithm.Rsa or PgpPublicKeyAlgorithm.RsaSignOnly))
            return false;
        using var rsa = RSA.Create();
        rsa.ImportParameters(key.Rsa!.Value);
        // The MPI drops leading zero octets; PKCS#1 verification wants exactly the modulus length.
        var modulusLength = key.Rsa.Value.Modulus!.Length;
        var value = signature.Values[0];
        if (value.Length > modulusLength)
            return false;
        var padded = new byte[modulusLength];
        value.CopyTo(padded, modulusLength - value.Length);
        return rsa.VerifyHash(digest, padded, hashName, RSASignaturePadding.Pkcs1);
    }

    private static bool VerifyEcdsa(PgpPublicKey key, PgpSignature signature, byte[] digest)
    {
        if (signature.Values.Count != 2 || signature.Algorithm != PgpPublicKeyAlgorithm.Ecdsa || key.Ecdsa is null)
            return false;
        using var ecdsa = ECDsa.Create(key.Ecdsa.Value);
        var fieldLength = key.Ecdsa.Value.Q.X!.Length;
        var r = signature.Values[0];
        var s = signature.Values[1];
        if (r.Length > fieldLength || s.Length > fieldLength)
            return false;
        // IEEE P1363 form: r and s, each left-padded to the field length.
        var rs = new byte[2 * fieldLength];
        r.CopyTo(rs, fieldLength - r.Length);
        s.CopyTo(rs, (2 * fieldLength) - s.Length);
        return ecdsa.VerifyHash(digest, rs, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    // Text signatures are made over the document with every line ending as CR LF (RFC 4880 §5.2.1).
    private static byte[] CanonicalText(ReadOnlySpan<byte> document)
    {
        using var result = new MemoryStream(document.Length + 64);
        for (var i = 0; i < document.Length; i++)
        {
            if (document[i] == (byte)'\n' && (i == 0 || document[i - 1] != (byte)'\r'))
                result.WriteByte((byte)'\r');
            result.WriteByte(document[i]);
        }
        return result.ToArray();
    }
}
