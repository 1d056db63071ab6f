using Google.Protobuf;
using Mandate.Providers.Grpc;
using Mandate.Providers.Protocols.Wire;
using Microsoft.AspNetCore.Http;

namespace Mandate.Providers.Tests.Grpc;

/// <summary>The gRPC transport against an in-process HTTP/2 server: success, each failure shape, deadlines, cancellation.</summary>
public sealed class GrpcUnaryClientTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Round_trips_a_message_and_sends_the_deadline_header()
    {
        await using var server = await FakeGrpcServer.StartAsync((context, request) => FakeGrpcServer.RespondAsync(context, request[5..]));
        using var client = server.Client();
        var reply = await client.CallAsync("/t.S/Echo", Value(10), DynamicValue.Parser, TimeSpan.FromSeconds(7), CancellationToken.None);
        Assert.Equal(Value(10), reply);
        Assert.Equal("7000m", server.LastTimeoutHeader);
    }

    [Fact]
    public async Task Carries_messages_larger_than_the_usual_4_MiB_limit_both_ways()
    {
        await using var server = await FakeGrpcServer.StartAsync((context, request) => FakeGrpcServer.RespondAsync(context, request[5..]));
        using var client = server.Client();
        var big = Value(12 * 1024 * 1024);
        var reply = await client.CallAsync("/t.S/Echo", big, DynamicValue.Parser, Generous, CancellationToken.None);
        Assert.Equal(big.Msgpack.Length, reply.Msgpack.Length);
        Assert.Equal(big, reply);
    }

    [Fact]
    public async Task Decompresses_a_gzip_compressed_response()
    {
        await using var server = await FakeGrpcServer.StartAsync((context, request) => FakeGrpcServer.RespondAsync(context, request[5..], gzip: true));
        using var client = server.Client();
        Assert.Equal(Value(1000), await client.CallAsync("/t.S/Echo", Value(1000), DynamicValue.Parser, Generous, CancellationToken.None));
    }

    [Fact]
    public async Task A_trailers_only_error_is_read_from_the_headers_and_percent_decoded()
    {
        await using var server = await FakeGrpcServer.StartAsync((context, _) =>
        {
            context.Response.ContentType = "application/grpc";
            context.Response.Headers["grpc-status"] = "5";
            context.Response.Headers["grpc-message"] = "no table %22t1%22: caf%C3%A9";
            return Task.CompletedTask;
        });
        using var client = server.Client();
        var failure = await Assert.ThrowsAsync<GrpcCallException>(() => client.CallAsync("/t.S/Get", Value(1), DynamicValue.Parser, Generous, CancellationToken.None));
        Assert.Equal(GrpcStatusCode.NotFound, failure.Status);
        Assert.Equal("no table \"t1\": café", failure.StatusMessage);
        Assert.Equal("/t.S/Get", failure.Method);
    }

    [Fact]
    public async Task An_error_status_in_the_trailers_wins_over_a_message()
    {
        await using var server = await FakeGrpcServer.StartAsync((context, request) =>
            FakeGrpcServer.RespondAsync(context, request[5..], status: "13", statusMessage: "boom"));
        using var client = server.Client();
        var failure = await Assert.ThrowsAsync<GrpcCallException>(() => client.CallAsync("/t.S/Echo", Value(3), DynamicValue.Parser, Generous, CancellationToken.None));
        Assert.Equal(GrpcStatusCode.Internal, failure.Status);
        Assert.Equal("boom", failure.StatusMessage);
    }

    [Fact]
    public async Task A_response_without_a_status_is_an_internal_error()
    {
        await using var server = await FakeGrpcServer.StartAsync(async (context, request) =>
        {
            context.Response.ContentType = "application/grpc";
            await context.Response.Body.WriteAsync(request);
        });
        using var client = server.Client();
        var failure = await Assert.ThrowsAsync<GrpcCallException>(() => client.CallAsync("/t.S/Echo", Value(3), DynamicValue.Parser, Generous, CancellationToken.None));
        Assert.Equal(GrpcStatusCode.Internal, failure.Status);
        Assert.Contains("grpc-status", failure.StatusMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_truncated_frame_is_an_internal_error()
    {
        await using var server = await FakeGrpcServer.StartAsync(async (context, request) =>
        {
            context.Response.ContentType = "application/grpc";
            await context.Response.Body.WriteAsync(new byte[] { 0, 0, 0, 1, 0, 1, 2 }); // announces 256 bytes, sends 2
            context.Response.AppendTrailer("grpc-status", "0");
        });
        using var client = server.Client();
        var failure = await Assert.ThrowsAsync<GrpcCallException>(() => client.CallAsync("/t.S/Echo", Value(3), DynamicValue.Parser, Generous, CancellationToken.None));
        Assert.Equal(GrpcStatusCode.Internal, failure.Status);
    }

    [Fact]
    public async Task A_missed_deadline_is_DeadlineExceeded_and_the_server_sees_the_call_abandoned()
    {
        await using var server = await FakeGrpcServer.StartAsync((context, _) => Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted));
        using var client = server.Client();
        var failure = await Assert.ThrowsAsync<GrpcCallException>(() => client.CallAsync("/t.S/Slow", Value(1), DynamicValue.Parser, TimeSpan.FromMilliseconds(300), CancellationToken.None));
        Assert.Equal(GrpcStatusCode.DeadlineExceeded, failure.Status);
        await server.Aborted.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var diagnostic = GrpcStatusMapping.ToDiagnostic("PlanResourceChange", failure);
        Assert.Contains("PlanResourceChange", diagnostic.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancellation_by_the_caller_throws_OperationCanceled_not_a_status()
    {
        await using var server = await FakeGrpcServer.StartAsync((context, _) => Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted));
        using var client = server.Client();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.CallAsync("/t.S/Slow", Value(1), DynamicValue.Parser, Generous, cancel.Token));
        await server.Aborted.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task An_unreachable_server_is_Unavailable_and_maps_to_plugin_did_not_respond()
    {
        GrpcUnaryClient client;
        await using (var server = await FakeGrpcServer.StartAsync((context, request) => FakeGrpcServer.RespondAsync(context, request[5..])))
        {
            client = server.Client();
        }

        using (client)
        {
            var failure = await Assert.ThrowsAsync<GrpcCallException>(() => client.CallAsync("/t.S/Echo", Value(1), DynamicValue.Parser, Generous, CancellationToken.None));
            Assert.Equal(GrpcStatusCode.Unavailable, failure.Status);
            Assert.Equal("Plugin did not respond", GrpcStatusMapping.ToDiagnostic("ReadResource", failure).Summary);
        }
    }

    [Theory]
    [InlineData(250, "250m")]
    [InlineData(99_999_999, "99999999m")]
    [InlineData(100_000_000, "100000S")]
    public void Deadlines_are_written_with_at_most_eight_digits(long milliseconds, string expected) =>
        Assert.Equal(expected, GrpcUnaryClient.FormatTimeout(TimeSpan.FromMilliseconds(milliseconds)));

    private static DynamicValue Value(int size)
    {
        var bytes = new byte[size];
        for (var i = 0; i < size; i++)
        {
            bytes[i] = (byte)(i * 31);
        }

        return new DynamicValue { Msgpack = ByteString.CopyFrom(bytes) };
    }
}
