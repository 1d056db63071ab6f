using System.Diagnostics;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Mandate.Providers.Grpc;
using Mandate.Providers.Plugin.Wire;

namespace Mandate.Providers.Plugin;

/// <summary>The process's pipes, the handshake and the socket connection.</summary>
public sealed partial class ProviderProcess
{
    private void WatchProcess()
    {
        _process.EnableRaisingEvents = true;
        _process.Exited += (_, _) => _exited.TrySetResult();
        if (_process.HasExited)
        {
            _exited.TrySetResult();
        }

        // stderr must always be drained: a provider blocked on a full pipe stops answering.
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not { Length: > 0 } line)
            {
                return;
            }

            _stderrTail.Enqueue(line);
            while (_stderrTail.Count > StderrTailLines && _stderrTail.TryDequeue(out string? _))
            {
            }

            _options.Log.Write(LevelOf(line), Name, line);
        };
        _process.BeginErrorReadLine();
    }

    private async Task<HandshakeLine> ReadHandshakeAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.HandshakeTimeout);
        string? line;
        try
        {
            line = await _process.StandardOutput.ReadLineAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ProviderLaunchException($"{Name} printed no handshake line within {_options.HandshakeTimeout.TotalSeconds:0.#} s.{StderrSummary()}");
        }

        if (line is null)
        {
            // WaitForExitAsync also waits for stderr to be read to its end, so the summary below is complete.
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                await _process.WaitForExitAsync(grace.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Closed stdout but still running: report what we have.
            }

            var exit = HasExited ? $" (exit code {_process.ExitCode})" : string.Empty;
            throw new ProviderLaunchException($"{Name} exited before its handshake{exit}.{StderrSummary()}");
        }

        HandshakeLine handshake;
        try
        {
            handshake = HandshakeLine.Parse(line);
        }
        catch (FormatException e)
        {
            throw new ProviderLaunchException(e.Message + StderrSummary(), e);
        }

        if (_options.AutoMtls && handshake.ServerCertificate is null)
        {
            throw new ProviderLaunchException($"{Name} ignored the client certificate and offered plaintext; refusing an unauthenticated connection.");
        }

        ProtocolVersion = handshake.ProtocolVersion;
        _ = DrainStdoutAsync();
        return handshake;
    }

    private async Task DrainStdoutAsync()
    {
        try
        {
            while (await _process.StandardOutput.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                _options.Log.Write(ProviderLogLevel.Information, Name, line);
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The process went away; nothing more to read.
        }
    }

    private void Connect(HandshakeLine handshake, X509Certificate2? clientCertificate)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = (_, token) => ConnectSocketAsync(handshake, _options.Timeline, token),
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            EnableMultipleHttp2Connections = true,
            UseProxy = false,
            AllowAutoRedirect = false,
        };
        Uri baseAddress;
        if (handshake.ServerCertificate is { } expected)
        {
            handler.SslOptions = new SslClientAuthenticationOptions
            {
                TargetHost = "localhost",
                ClientCertificates = [clientCertificate!],
                // The certificate is self-signed, so the chain check always fails; what authenticates the
                // provider is that it is byte-for-byte the certificate it announced on its own stdout.
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                    certificate is not null && certificate.GetRawCertData().AsSpan().SequenceEqual(expected),
            };
            baseAddress = new Uri("https://localhost/");
        }
        else
        {
            baseAddress = new Uri("http://localhost/");
        }

        _grpc = new GrpcUnaryClient(new HttpMessageInvoker(handler, disposeHandler: true), baseAddress) { Timeline = _options.Timeline };
    }

    /// <summary>
    /// Opens the TLS + HTTP/2 connection right after the handshake with gRPC's standard health check (go-plugin
    /// serves grpc.health.v1 in every plugin), so its cost overlaps whatever the caller does before its first call
    /// instead of adding to that call. Not awaited: the first real call joins the pending connection, and a
    /// connection that cannot be made fails that call, which names it.
    /// </summary>
    private void OpenConnectionEarly()
    {
        var grpc = _grpc!;
        _ = Task.Run(async () =>
        {
            try
            {
                await grpc.CallAsync("/grpc.health.v1.Health/Check", new Empty(), Empty.Parser, _options.HandshakeTimeout, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e) when (e is GrpcCallException or ObjectDisposedException or OperationCanceledException)
            {
                _options.Log.Write(ProviderLogLevel.Debug, Name, "early connection: " + e.Message);
            }
        });
    }

    private static async ValueTask<Stream> ConnectSocketAsync(HandshakeLine handshake, ProviderTimeline? timeline, CancellationToken cancellationToken)
    {
        var began = ProviderTimeline.Now();
        Socket socket;
        System.Net.EndPoint endpoint;
        if (handshake.Network == "unix")
        {
            socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            endpoint = new UnixDomainSocketEndPoint(handshake.Address);
        }
        else
        {
            socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            endpoint = System.Net.IPEndPoint.Parse(handshake.Address);
        }

        try
        {
            await socket.ConnectAsync(endpoint, cancellationToken).ConfigureAwait(false);
            timeline?.Record("socket connect", began);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private string StderrSummary() =>
        _stderrTail.IsEmpty ? " The provider wrote nothing to stderr." : " Last stderr lines:" + Environment.NewLine + string.Join(Environment.NewLine, _stderrTail);

    /// <summary>Providers log either hclog text (<c>[ERROR]</c>) or JSON (<c>"@level":"error"</c>).</summary>
    private static ProviderLogLevel LevelOf(string line) =>
        line.Contains("[ERROR]", StringComparison.Ordinal) || line.Contains("\"@level\":\"error\"", StringComparison.Ordinal) ? ProviderLogLevel.Error
        : line.Contains("[WARN]", StringComparison.Ordinal) || line.Contains("\"@level\":\"warn\"", StringComparison.Ordinal) ? ProviderLogLevel.Warning
        : line.Contains("[DEBUG]", StringComparison.Ordinal) || line.Contains("[TRACE]", StringComparison.Ordinal) || line.Contains("\"@level\":\"trace\"", StringComparison.Ordinal) || line.Contains("\"@level\":\"debug\"", StringComparison.Ordinal) ? ProviderLogLevel.Debug
        : ProviderLogLevel.Information;
}
