using System.Buffers.Binary;
using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;

namespace Mandate.Providers.TestProvider6;

/// <summary>
/// Unary gRPC by hand: a 5-byte frame header (compression flag, big-endian length) around each message, the
/// status in the <c>grpc-status</c> trailer; an unknown method answers trailers-only with status 12 (UNIMPLEMENTED).
/// </summary>
internal static class GrpcEndpoint
{
    public static async Task HandleAsync(HttpContext context, ThingProvider provider, IHostApplicationLifetime lifetime)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        var frame = body.ToArray();
        if (frame.Length < 5 || frame[0] != 0 || BinaryPrimitives.ReadUInt32BigEndian(frame.AsSpan(1)) != frame.Length - 5)
        {
            await StatusOnlyAsync(context, 13, "expected one uncompressed gRPC frame");
            return;
        }

        var message = frame.AsMemory(5);
        var path = context.Request.Path.Value ?? string.Empty;
        if (path == "/plugin.GRPCController/Shutdown")
        {
            await RespondAsync(context, []);
            lifetime.StopApplication();
            return;
        }

        if (path == "/grpc.health.v1.Health/Check")
        {
            await RespondAsync(context, [0x08, 0x01]); // HealthCheckResponse { status: SERVING }
            return;
        }

        var answer = provider.Handle(path, message);
        if (answer is null)
        {
            await StatusOnlyAsync(context, 12, $"unknown method {path}");
            return;
        }

        await RespondAsync(context, answer.ToByteArray());
    }

    private static async Task RespondAsync(HttpContext context, byte[] message)
    {
        context.Response.ContentType = "application/grpc";
        var header = new byte[5];
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(1), (uint)message.Length);
        await context.Response.Body.WriteAsync(header);
        await context.Response.Body.WriteAsync(message);
        context.Response.AppendTrailer("grpc-status", "0");
    }

    private static Task StatusOnlyAsync(HttpContext context, int status, string message)
    {
        context.Response.ContentType = "application/grpc";
        context.Response.Headers["grpc-status"] = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        context.Response.Headers["grpc-message"] = Uri.EscapeDataString(message);
        return Task.CompletedTask;
    }
}
