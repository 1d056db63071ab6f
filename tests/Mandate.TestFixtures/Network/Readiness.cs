namespace Mandate.TestFixtures.Network;

using System.Diagnostics;
using System.Net.Sockets;

/// <summary>Waits until a freshly started server accepts connections, or explains why it never did.</summary>
public static class Readiness
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Polls a TCP connect to 127.0.0.1:<paramref name="port"/> until it succeeds.</summary>
    public static async Task WaitForTcpAsync(int port, Func<bool> processExited, Func<string> describe, TimeSpan? timeout = null)
    {
        var deadline = Stopwatch.StartNew();
        var limit = timeout ?? DefaultTimeout;
        while (true)
        {
            if (processExited())
            {
                throw new InvalidOperationException($"{describe()} exited before it accepted connections on port {port}");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", port);
                return;
            }
            catch (SocketException) when (deadline.Elapsed < limit)
            {
                await Task.Delay(50);
            }
            catch (SocketException e)
            {
                throw new TimeoutException($"{describe()} did not accept connections on port {port} within {limit.TotalSeconds:0} s: {e.Message}");
            }
        }
    }
}
