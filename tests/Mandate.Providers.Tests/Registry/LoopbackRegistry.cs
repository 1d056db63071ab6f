using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Mandate.Providers.Tests.Registry;

/// <summary>
/// A provider registry on 127.0.0.1 (HttpListener on a free port) serving fixed documents by path, and counting
/// requests so tests can prove that no network call happened.
/// </summary>
public sealed class LoopbackRegistry : IDisposable
{
    private HttpListener _listener = new();
    private readonly ConcurrentDictionary<string, (int Status, byte[] Body)> _routes = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _requests = new();
    private readonly Task _loop;

    public LoopbackRegistry(bool discovery = true)
    {
        // Find a free port, then listen on it. Another process on this shared machine may take the port in between,
        // so a failed start is retried on a fresh port.
        for (var attempt = 1; ; attempt++)
        {
            using (var probe = new TcpListener(IPAddress.Loopback, 0))
            {
                probe.Start();
                Port = ((IPEndPoint)probe.LocalEndpoint).Port;
                probe.Stop();
            }
            _listener.Prefixes.Clear();
            _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
            try
            {
                _listener.Start();
                break;
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                _listener = new HttpListener();
            }
        }
        if (discovery)
            Json("/.well-known/terraform.json", """{"providers.v1": "/v1/providers/"}""");
        _loop = Task.Run(ServeAsync);
    }

    public int Port { get; }

    /// <summary>The host as a provider address spells it: <c>127.0.0.1:port</c>.</summary>
    public string Host => $"127.0.0.1:{Port}";

    public string BaseUrl => $"http://{Host}";

    public IReadOnlyCollection<string> Requests => _requests;

    public void Json(string path, string json) => Set(path, 200, Encoding.UTF8.GetBytes(json));

    public void Set(string path, int status, byte[] body) => _routes[path] = (status, body);

    public void Remove(string path) => _routes.TryRemove(path, out _);

    /// <summary>Answers the next <paramref name="times"/> requests for <paramref name="path"/> with <paramref name="status"/>.</summary>
    public void FailNext(string path, int status, int times) => _failures[path] = (status, times);

    private readonly ConcurrentDictionary<string, (int Status, int Times)> _failures = new(StringComparer.Ordinal);

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            var path = context.Request.Url!.AbsolutePath;
            _requests.Enqueue(path);
            var (status, body) = _routes.TryGetValue(path, out var route) ? route : (404, "not found"u8.ToArray());
            if (_failures.TryGetValue(path, out var failure) && failure.Times > 0)
            {
                _failures[path] = (failure.Status, failure.Times - 1);
                (status, body) = (failure.Status, "temporarily failing"u8.ToArray());
            }
            context.Response.StatusCode = status;
            context.Response.ContentLength64 = body.Length;
            try
            {
                await context.Response.OutputStream.WriteAsync(body);
                context.Response.Close();
            }
            catch (HttpListenerException)
            {
                // The client went away; nothing to do.
            }
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
    }
}
