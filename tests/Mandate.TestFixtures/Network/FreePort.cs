namespace Mandate.TestFixtures.Network;

using System.Net;
using System.Net.Sockets;

/// <summary>Hands out loopback ports nobody is listening on.</summary>
public static class FreePort
{
    private static readonly object Gate = new();
    private static readonly HashSet<int> HandedOut = [];

    /// <summary>
    /// Asks the kernel for an ephemeral port on 127.0.0.1. Ports already handed out in this process are
    /// skipped, so two fixtures starting at once never race for the same number.
    /// </summary>
    public static int Next()
    {
        lock (Gate)
        {
            for (var attempt = 0; attempt < 50; attempt++)
            {
                using var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                var port = ((IPEndPoint)listener.LocalEndpoint).Port;
                listener.Stop();
                if (HandedOut.Add(port))
                {
                    return port;
                }
            }
        }

        throw new InvalidOperationException("could not find a free loopback port after 50 attempts");
    }
}
