using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using Google.Protobuf;

namespace Mandate.Providers.Grpc;

/// <summary>
/// The gRPC length-prefixed message: one byte compression flag, four bytes big-endian length, the message.
/// Buffers come from <see cref="ArrayPool{T}.Shared"/> because provider messages run to megabytes
/// (the AWS schema is ~5 MB) and would otherwise land on the large object heap on every call.
/// </summary>
internal static class GrpcFrame
{
    public const int PrefixLength = 5;

    /// <summary>Messages above this are refused: far beyond any provider answer, small enough to stop a runaway.</summary>
    public const int MaxMessageLength = 512 * 1024 * 1024;

    /// <summary>Serializes <paramref name="message"/> with its prefix into a rented buffer; the caller returns it.</summary>
    public static RentedFrame Write(IMessage message)
    {
        var length = message.CalculateSize();
        var buffer = ArrayPool<byte>.Shared.Rent(PrefixLength + length);
        buffer[0] = 0; // never compressed: the peer is local and compression would only cost CPU
        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(1, 4), (uint)length);
        message.WriteTo(buffer.AsSpan(PrefixLength, length));
        return new RentedFrame(buffer, PrefixLength + length);
    }

    /// <summary>
    /// Reads exactly one message from a response body and parses it. Returns false when the body ends before any
    /// frame starts (a status-only response); throws <see cref="InvalidDataException"/> on a truncated frame.
    /// </summary>
    public static async ValueTask<T?> ReadAsync<T>(Stream body, MessageParser<T> parser, string? encoding, CancellationToken cancellationToken)
        where T : class, IMessage<T>
    {
        var prefix = ArrayPool<byte>.Shared.Rent(PrefixLength);
        try
        {
            var got = await body.ReadAtLeastAsync(prefix.AsMemory(0, PrefixLength), PrefixLength, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            if (got == 0)
            {
                return null;
            }

            if (got < PrefixLength)
            {
                throw new InvalidDataException($"the response ended inside a gRPC frame header ({got} of {PrefixLength} bytes)");
            }

            var compressed = prefix[0];
            var length = BinaryPrimitives.ReadUInt32BigEndian(prefix.AsSpan(1, 4));
            if (compressed > 1)
            {
                throw new InvalidDataException($"invalid gRPC compression flag {compressed}: only 0 and 1 exist");
            }

            if (length > MaxMessageLength)
            {
                throw new InvalidDataException($"gRPC message of {length} bytes exceeds the {MaxMessageLength}-byte limit");
            }

            var payload = ArrayPool<byte>.Shared.Rent((int)length);
            try
            {
                await body.ReadExactlyAsync(payload.AsMemory(0, (int)length), cancellationToken).ConfigureAwait(false);
                return compressed == 0
                    ? parser.ParseFrom(new ReadOnlySpan<byte>(payload, 0, (int)length))
                    : ParseCompressed(payload, (int)length, parser, encoding);
            }
            catch (EndOfStreamException e)
            {
                throw new InvalidDataException($"the response ended inside a {length}-byte gRPC message", e);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(payload);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(prefix);
        }
    }

    private static T ParseCompressed<T>(byte[] payload, int length, MessageParser<T> parser, string? encoding)
        where T : class, IMessage<T>
    {
        using var compressedStream = new MemoryStream(payload, 0, length, writable: false);
        using Stream inflater = encoding switch
        {
            "gzip" => new GZipStream(compressedStream, CompressionMode.Decompress),
            "deflate" => new ZLibStream(compressedStream, CompressionMode.Decompress),
            _ => throw new InvalidDataException($"compressed gRPC message with unsupported grpc-encoding '{encoding ?? "(none)"}'; supported: gzip, deflate"),
        };
        return parser.ParseFrom(inflater);
    }
}

/// <summary>A framed message in a pooled array; dispose returns the array.</summary>
internal readonly struct RentedFrame(byte[] buffer, int length) : IDisposable
{
    public byte[] Buffer { get; } = buffer;

    public int Length { get; } = length;

    public void Dispose() => ArrayPool<byte>.Shared.Return(Buffer);
}
