using System.Buffers.Binary;
using System.IO.Compression;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;
using Mandate.Providers.Grpc;

namespace Mandate.Providers.Tests.Grpc;

/// <summary>
/// An in-process HTTP/2 server on a unix socket that answers like a gRPC server would, including the ways one
/// can fail. The request and response messages are raw bytes inside a framed DynamicValue.
/// </summary>
internal sealed class FakeGrpcServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly DirectoryInfo _directory;

    private FakeGrpcServer(WebApplication app, DirectoryInfo directory, string socketPath)
    {
        _app = app;
        _directory = directory;
        SocketPath = socketPath;
    }

    public string SocketPath { get; }

    /// <summary>The grpc-timeout header of the last request, if any.</summary>
    public string? LastTimeoutHeader { get; private set; }

    /// <summary>Set when a handler saw its request aborted (the client cancelled or gave up).</summary>
    public TaskCompletionSource Aborted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static async Task<FakeGrpcServer> StartAsync(Func<HttpContext, byte[], Task> handler)
    {
        var directory = Directory.CreateTempSubdirectory("mandate-grpc-");
        var socket = Path.Combine(directory.FullName, "grpc.sock");
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = null;
            k.ListenUnixSocket(socket, l => l.Protocols = HttpProtocols.Http2);
        });
        var app = builder.Build();
        FakeGrpcServer? server = null;
        app.MapPost("/{**method}", async context =>
        {
            server!.LastTimeoutHeader = context.Request.Headers["grpc-timeout"].FirstOrDefault();
            context.RequestAborted.Register(() => server.Aborted.TrySetResult());
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            await handler(context, body.ToArray());
        });
        server = new FakeGrpcServer(app, directory, socket);
        await app.StartAsync();
        return server;
    }

    /// <summary>A client connected to this server the way the runtime connects to providers.</summary>
    public GrpcUnaryClient Client()
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, token) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(SocketPath), token);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        return new GrpcUnaryClient(new HttpMessageInvoker(handler), new Uri("http://localhost/"));
    }

    /// <summary>Writes an OK gRPC response holding <paramref name="message"/> (already protobuf-encoded).</summary>
    public static async Task RespondAsync(HttpContext context, byte[] message, bool gzip = false, string status = "0", string? statusMessage = null)
    {
        context.Response.ContentType = "application/grpc";
        var payload = message;
        if (gzip)
        {
            context.Response.Headers["grpc-encoding"] = "gzip";
            using var compressed = new MemoryStream();
            await using (var zip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
            {
                await zip.WriteAsync(message);
            }

            payload = compressed.ToArray();
        }

        var prefix = new byte[5];
        prefix[0] = gzip ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt32BigEndian(prefix.AsSpan(1), (uint)payload.Length);
        await context.Response.Body.WriteAsync(prefix);
        await context.Response.Body.WriteAsync(payload);
        context.Response.AppendTrailer("grpc-status", status);
        if (statusMessage is not null)
        {
            context.Response.AppendTrailer("grpc-message", statusMessage);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _directory.Delete(recursive: true);
    }
}
