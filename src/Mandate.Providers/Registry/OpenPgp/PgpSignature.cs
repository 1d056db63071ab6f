namespace Mandate.Providers.Registry.OpenPgp;

/// <summary>
/// A version 4 signature packet (RFC 4880 §5.2.3): type, algorithms, hashed and unhashed subpackets, the
/// 16-bit digest prefix and the algorithm-specific values. Keeps the exact hashed header bytes, because the
/// digest covers them followed by the v4 trailer.
/// </summary>
internal sealed class PgpSignature
{
    // Subpacket types (RFC 9580 §5.2.3.7) this reader interprets or may safely ignore even when marked critical.
    private const int SubCreationTime = 2;
    private const int SubExpirationTime = 3;
    private const int SubIssuerKeyId = 16;
    private const int SubIssuerFingerprint = 33;
    private static readonly HashSet<int> UnderstoodSubpackets =
        [SubCreationTime, SubExpirationTime, 4 /* exportable */, 9 /* key expiration */, 11 /* preferred ciphers */,
         SubIssuerKeyId, 21 /* preferred hashes */, 22 /* preferred compression */, 23 /* keyserver prefs */,
         25 /* primary user id */, 27 /* key flags */, 30 /* features */, SubIssuerFingerprint];

    public int SignatureType { get; private init; }

    public PgpPublicKeyAlgorithm Algorithm { get; private init; }

    public int HashAlgorithm { get; private init; }

    /// <summary>Version through the end of the hashed subpackets: what the digest covers after the data.</summary>
    public byte[] HashedHeader { get; private init; } = [];

    public byte[] DigestPrefix { get; private init; } = [];

    public IReadOnlyList<byte[]> Values { get; private init; } = [];

    public ulong? IssuerKeyId { get; private set; }

    public byte[]? IssuerFingerprint { get; private set; }

    public DateTimeOffset? Created { get; private set; }

    /// <summary>Seconds after creation when the signature stops being valid; null or zero for never.</summary>
    public uint? ExpiresAfterSeconds { get; private set; }

    /// <summary>Key expiration (subpacket 9) of a self-signature: seconds after the key's creation; null or zero for never.</summary>
    public uint? KeyExpiresAfterSeconds { get; private set; }

    /// <summary>Key flags (subpacket 27) of a binding signature: 0x02 means the key may sign data.</summary>
    public byte? KeyFlags { get; private set; }

    /// <summary>A critical subpacket this reader does not understand, which RFC 9580 says makes the signature invalid.</summary>
    public int? UnknownCriticalSubpacket { get; private set; }

    /// <summary>Who the signature says made it, for messages.</summary>
    public string IssuerText =>
        IssuerFingerprint is not null ? Convert.ToHexString(IssuerFingerprint)
        : IssuerKeyId is { } id ? id.ToString("X16", System.Globalization.CultureInfo.InvariantCulture)
        : "(no issuer named)";

    /// <summary>Reads every signature packet of armored or binary signature data.</summary>
    public static List<PgpSignature> ReadAll(ReadOnlySpan<byte> data, string what)
    {
        var binary = AsciiArmor.DecodeIfArmored(data, what);
        var result = new List<PgpSignature>();
        foreach (var packet in PgpPacketReader.ReadAll(binary, what))
        {
            if (packet.Tag == (int)PgpPacketTag.Signature)
                result.Add(Parse(packet.Body, what));
        }
        if (result.Count == 0)
            throw new PgpFormatException($"The {what} holds no OpenPGP signature packet.");
        return result;
    }

    public static PgpSignature Parse(byte[] body, string what)
    {
        var buffer = new PgpBuffer(body, what);
        var version = buffer.Byte();
        if (version != 4)
        {
            throw new UnsupportedSignatureException(
                $"The {what} is a version {version} OpenPGP signature; only version 4 signatures (what GnuPG makes) are supported.");
        }
        var type = buffer.Byte();
        var algorithm = (PgpPublicKeyAlgorithm)buffer.Byte();
        var hash = buffer.Byte();
        var hashedLength = buffer.UInt16();
        var hashed = buffer.Bytes(hashedLength);
        var header = body.AsSpan(0, buffer.Position).ToArray();
        var unhashed = buffer.Bytes(buffer.UInt16());
        var prefix = buffer.Bytes(2).ToArray();
        var values = new List<byte[]>();
        while (buffer.Remaining > 0)
            values.Add(buffer.Mpi());
        var signature = new PgpSignature
        {
            SignatureType = type,
            Algorithm = algorithm,
            HashAlgorithm = hash,
            HashedHeader = header,
            DigestPrefix = prefix,
            Values = values,
        };
        signature.ReadSubpackets(hashed, isHashed: true, what);
        // Unhashed subpackets are not covered by the signature, so only the (self-checking) issuer hints are taken from them.
        signature.ReadSubpackets(unhashed, isHashed: false, what);
        return signature;
    }

    private void ReadSubpackets(ReadOnlySpan<byte> area, bool isHashed, string what)
    {
        var buffer = new PgpBuffer(area, what);
        while (buffer.Remaining > 0)
        {
            var first = buffer.Byte();
            var length = first switch
            {
                < 192 => first,
                < 255 => ((first - 192) << 8) + buffer.Byte() + 192,
                _ => (int)buffer.UInt32(),
            };
            if (length < 1)
                throw new PgpFormatException($"The {what} has an empty signature subpacket.");
            var typeOctet = buffer.Byte();
            var content = buffer.Bytes(length - 1);
            var type = typeOctet & 0x7F;
            var critical = (typeOctet & 0x80) != 0;
            switch (type)
            {
                case SubIssuerKeyId when content.Length == 8:
                    IssuerKeyId ??= System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(content);
                    break;
                case SubIssuerFingerprint when content.Length > 1:
                    IssuerFingerprint ??= content[1..].ToArray();
                    break;
                case SubCreationTime when isHashed && content.Length == 4:
                    Created = DateTimeOffset.FromUnixTimeSeconds(System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(content));
                    break;
                case 9 when isHashed && content.Length == 4:
                    KeyExpiresAfterSeconds = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(content);
                    break;
                case 27 when isHashed && content.Length >= 1:
                    KeyFlags = content[0];
                    break;
                case SubExpirationTime when isHashed && content.Length == 4:
                    ExpiresAfterSeconds = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(content);
                    break;
            }
            if (isHashed && critical && !UnderstoodSubpackets.Contains(type))
                UnknownCriticalSubpacket ??= type;
        }
    }
}
