using System.Security.Cryptography;

namespace Mandate.Providers.Registry.OpenPgp;

/// <summary>Public-key algorithm ids of RFC 9580 §9.1.</summary>
internal enum PgpPublicKeyAlgorithm
{
    Rsa = 1,
    RsaEncryptOnly = 2,
    RsaSignOnly = 3,
    Elgamal = 16,
    Dsa = 17,
    Ecdh = 18,
    Ecdsa = 19,
    EdDsaLegacy = 22,
    X25519 = 25,
    X448 = 26,
    Ed25519 = 27,
    Ed448 = 28,
}

/// <summary>
/// A version 4 public key or subkey (RFC 4880 §5.5.2). Only the parts needed to check signatures are kept:
/// the identity (fingerprint and key ID), the first user ID of its primary key for messages, and the key
/// material of the algorithms .NET can verify (RSA, ECDSA on NIST curves). Other algorithms are still
/// parsed, so a signature by them is reported as unsupported rather than as made by an unknown key.
/// </summary>
internal sealed class PgpPublicKey
{
    private PgpPublicKey(int version, PgpPublicKeyAlgorithm algorithm, DateTimeOffset created, byte[] fingerprint, byte[] framedBody)
    {
        Version = version;
        Algorithm = algorithm;
        Created = created;
        Fingerprint = fingerprint;
        FramedBody = framedBody;
    }

    public int Version { get; }

    public PgpPublicKeyAlgorithm Algorithm { get; }

    public DateTimeOffset Created { get; }

    /// <summary>v4: SHA-1 over the framed key packet; the key ID is its last eight octets.</summary>
    public byte[] Fingerprint { get; }

    /// <summary>The key packet as hashed into fingerprints and binding signatures: 0x99, two-octet length, body.</summary>
    public byte[] FramedBody { get; }

    public ulong KeyId => System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(Fingerprint.AsSpan(Fingerprint.Length - 8));

    public string KeyIdHex => KeyId.ToString("X16", System.Globalization.CultureInfo.InvariantCulture);

    public string FingerprintHex => Convert.ToHexString(Fingerprint);

    public bool IsSubkey { get; private set; }

    /// <summary>The primary key of a subkey; the key itself for a primary key.</summary>
    public PgpPublicKey Primary { get; private set; } = null!;

    /// <summary>The first user ID of the primary key, e.g. <c>HashiCorp Security &lt;security@hashicorp.com&gt;</c>.</summary>
    public string? UserId => Primary._userId;

    private string? _userId;

    public RSAParameters? Rsa { get; private set; }

    public ECParameters? Ecdsa { get; private set; }

    /// <summary>Why signatures by this key cannot be checked, or null when they can.</summary>
    public string? UnsupportedReason { get; private set; }

    /// <summary>
    /// Reads every primary key and subkey in armored or binary key data, keeping the signatures that decide whether
    /// a key may be used: revocations, user ID self-certifications and subkey bindings. They are checked later,
    /// when a signature by the key is verified (<see cref="PgpKeyValidity"/>).
    /// </summary>
    public static List<PgpPublicKey> ReadKeyRing(ReadOnlySpan<byte> data, string what)
    {
        var binary = AsciiArmor.DecodeIfArmored(data, what);
        var keys = new List<PgpPublicKey>();
        PgpPublicKey? primary = null;
        byte[]? currentUserId = null; // the user ID the following certifications are about; null outside a user ID
        foreach (var packet in PgpPacketReader.ReadAll(binary, what))
        {
            switch ((PgpPacketTag)packet.Tag)
            {
                case PgpPacketTag.PublicKey:
                    primary = Parse(packet.Body, what);
                    primary.Primary = primary;
                    keys.Add(primary);
                    currentUserId = null;
                    break;
                case PgpPacketTag.PublicSubkey when primary is not null:
                    var subkey = Parse(packet.Body, what);
                    subkey.IsSubkey = true;
                    subkey.Primary = primary;
                    keys.Add(subkey);
                    currentUserId = null;
                    break;
                case PgpPacketTag.UserId when primary is not null:
                    primary._userId ??= System.Text.Encoding.UTF8.GetString(packet.Body);
                    currentUserId = packet.Body;
                    break;
                case PgpPacketTag.UserAttribute:
                    currentUserId = []; // photo IDs and the like: their certifications are not needed
                    break;
                case PgpPacketTag.Signature when keys.Count > 0 && TryParseSignature(packet.Body, what) is { } signature:
                    var key = keys[^1];
                    switch (signature.SignatureType)
                    {
                        case KeyRevocation when !key.IsSubkey && currentUserId is null:
                        case SubkeyRevocation when key.IsSubkey:
                            key.Revocations.Add(signature);
                            break;
                        case SubkeyBinding when key.IsSubkey:
                            key.BindingSignatures.Add(signature);
                            break;
                        case >= 0x10 and <= 0x13 when !key.IsSubkey && currentUserId is { Length: > 0 }:
                            key.Certifications.Add((currentUserId, signature));
                            break;
                    }
                    break;
            }
        }
        if (keys.Count == 0)
            throw new PgpFormatException($"The {what} holds no public key packet.");
        return keys;
    }

    internal const int SubkeyBinding = 0x18;
    internal const int KeyRevocation = 0x20;
    internal const int SubkeyRevocation = 0x28;

    /// <summary>Signatures by the primary key that bind this subkey to it (type 0x18).</summary>
    public List<PgpSignature> BindingSignatures { get; } = [];

    /// <summary>Revocations: 0x20 on a primary key, 0x28 on a subkey, both made by the primary key.</summary>
    public List<PgpSignature> Revocations { get; } = [];

    /// <summary>Self-certifications of the primary key's user IDs (0x10–0x13), with the user ID each covers.</summary>
    public List<(byte[] UserId, PgpSignature Signature)> Certifications { get; } = [];

    private static PgpSignature? TryParseSignature(byte[] body, string what)
    {
        try
        {
            return PgpSignature.Parse(body, what);
        }
        catch (Exception ex) when (ex is UnsupportedSignatureException or PgpFormatException)
        {
            return null; // a signature in a format we cannot read counts as absent
        }
    }

    private static PgpPublicKey Parse(byte[] body, string what)
    {
        var buffer = new PgpBuffer(body, what);
        var version = buffer.Byte();
        if (version != 4)
        {
            throw new PgpFormatException(
                $"The {what} is a version {version} key; only version 4 keys (RFC 4880, what GnuPG and registries use) are supported.");
        }
        var created = DateTimeOffset.FromUnixTimeSeconds(buffer.UInt32());
        var algorithm = (PgpPublicKeyAlgorithm)buffer.Byte();
        var framed = new byte[body.Length + 3];
        framed[0] = 0x99;
        framed[1] = (byte)(body.Length >> 8);
        framed[2] = (byte)body.Length;
        body.CopyTo(framed, 3);
        // The v4 fingerprint is defined as SHA-1 (RFC 4880 §12.2); it identifies a key, it does not protect data.
#pragma warning disable CA5350
        var fingerprint = SHA1.HashData(framed);
#pragma warning restore CA5350
        var key = new PgpPublicKey(version, algorithm, created, fingerprint, framed);
        switch (algorithm)
        {
            case PgpPublicKeyAlgorithm.Rsa or PgpPublicKeyAlgorithm.RsaSignOnly or PgpPublicKeyAlgorithm.RsaEncryptOnly:
                var modulus = buffer.Mpi();
                var exponent = buffer.Mpi();
                key.Rsa = new RSAParameters { Modulus = modulus, Exponent = exponent };
                break;
            case PgpPublicKeyAlgorithm.Ecdsa:
                var oid = buffer.Bytes(buffer.Byte());
                var point = buffer.Mpi();
                key.ReadEcdsa(oid, point);
                break;
            case PgpPublicKeyAlgorithm.EdDsaLegacy or PgpPublicKeyAlgorithm.Ed25519:
                key.UnsupportedReason = "EdDSA (Ed25519) signatures cannot be checked: .NET has no Ed25519 implementation";
                break;
            default:
                key.UnsupportedReason = $"public-key algorithm {algorithm} ({(int)algorithm}) is not supported; RSA and ECDSA (P-256/384/521) are";
                break;
        }
        return key;
    }

    private void ReadEcdsa(ReadOnlySpan<byte> oid, byte[] point)
    {
        ECCurve? curve = Convert.ToHexString(oid) switch
        {
            "2A8648CE3D030107" => ECCurve.NamedCurves.nistP256,
            "2B81040022" => ECCurve.NamedCurves.nistP384,
            "2B81040023" => ECCurve.NamedCurves.nistP521,
            _ => null,
        };
        // An uncompressed point is 0x04 || X || Y with X and Y of equal length.
        if (curve is null || point.Length < 3 || point[0] != 0x04 || (point.Length - 1) % 2 != 0)
        {
            UnsupportedReason = curve is null
                ? $"ECDSA curve with OID {Convert.ToHexString(oid)} is not supported; NIST P-256, P-384 and P-521 are"
                : "the ECDSA public point is not in uncompressed form";
            return;
        }
        var half = (point.Length - 1) / 2;
        Ecdsa = new ECParameters
        {
            Curve = curve.Value,
            Q = new ECPoint { X = point[1..(1 + half)], Y = point[(1 + half)..] },
        };
    }

    /// <summary><c>KEYID "user id"</c>, for messages.</summary>
    public override string ToString() => UserId is null ? KeyIdHex : $"{KeyIdHex} \"{UserId}\"";
}
