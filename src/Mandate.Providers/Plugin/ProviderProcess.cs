using System.Diagnostics;
using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using Mandate.Providers.Grpc;
using Mandate.Providers.Plugin.Wire;

namespace Mandate.Providers.Plugin;

/// <summary>
/// One running provider plugin: the process, its handshake, and a gRPC client connected to it over its unix
/// socket. Disposing stops it gracefully (go-plugin's GRPCController.Shutdown), waits, and kills it if needed.
/// </summary>
public sealed partial class ProviderProcess : IAsyncDisposable
{
    private const int StderrTailLines = 30;

    private readonly Process _process;
    private readonly ProviderLaunchOptions _options;
    private readonly DirectoryInfo _socketDirectory;
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentQueue<string> _stderrTail = new();
    private GrpcUnaryClient? _grpc;
    private X509Certificate2? _clientCertificate;
    private int _stopping;

    private ProviderProcess(Process process, ProviderLaunchOptions options, DirectoryInfo socketDirectory)
    {
        _process = process;
        _options = options;
        _socketDirectory = socketDirectory;
        ProcessId = process.Id;
        Name = $"{Path.GetFileName(options.ExecutablePath)}[{process.Id}]";
    }

    /// <summary>The provider's PID (the wrapper execs in place, so this is the provider itself).</summary>
    public int ProcessId { get; }

    /// <summary>Binary name and PID, for logs.</summary>
    public string Name { get; }

    /// <summary>The plugin protocol major version the provider chose (5 or 6).</summary>
    public int ProtocolVersion { get; private set; }

    /// <summary>The gRPC client bound to this process's socket.</summary>
    public GrpcUnaryClient Grpc => _grpc ?? throw new InvalidOperationException("the provider has not completed its handshake");

    /// <summary>Completes when the process has exited, for whatever reason.</summary>
    public Task Exited => _exited.Task;

    /// <summary>
    /// True once the process is gone. Asks the OS as well as the exit event, which is raised asynchronously and
    /// can lag behind a kill by another party — the pool must see a SIGKILLed provider as dead at once.
    /// </summary>
    public bool HasExited
    {
        get
        {
            if (_exited.Task.IsCompleted)
            {
                return true;
            }

            try
            {
                return _process.HasExited;
            }
            catch (InvalidOperationException)
            {
                return true; // disposed: we stopped it ourselves
            }
        }
    }

    /// <summary>Starts the provider and waits for its handshake.</summary>
    /// <exception cref="ProviderLaunchException">The binary is missing, exited early, or sent a bad handshake.</exception>
    public static async Task<ProviderProcess> StartAsync(ProviderLaunchOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!File.Exists(options.ExecutablePath))
        {
            throw new ProviderLaunchException($"Provider binary '{options.ExecutablePath}' does not exist. Install the provider or fix the plugin directory.");
        }

        // A private 0700 directory: nobody else can connect to the socket or swap it for their own.
        var timeline = options.Timeline;
        var began = ProviderTimeline.Now();
        var socketDirectory = Directory.CreateTempSubdirectory("mandate-plugin-");
        // Lives as long as the process: the HTTP handler presents it whenever it (re)connects.
        var clientCertificate = options.AutoMtls ? await ClientCertificate.TakeAsync().ConfigureAwait(false) : null;
        var info = BuildStartInfo(options, socketDirectory.FullName, clientCertificate);
        timeline?.Record("client certificate (made in advance) + start info", began);

        Process process;
        try
        {
            began = ProviderTimeline.Now();
            process = await ProcessLauncher.StartAsync(info).ConfigureAwait(false);
            timeline?.Record("exec (fork + setpriv + exec)", began);
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            socketDirectory.Delete(recursive: true);
            clientCertificate?.Dispose();
            throw new ProviderLaunchException($"Provider binary '{options.ExecutablePath}' could not be started: {e.Message}", e);
        }

        var provider = new ProviderProcess(process, options, socketDirectory) { _clientCertificate = clientCertificate };
        try
        {
            began = ProviderTimeline.Now();
            provider.WatchProcess();
            var line = await provider.ReadHandshakeAsync(cancellationToken).ConfigureAwait(false);
            timeline?.Record("handshake line read", began);
            provider.Connect(line, clientCertificate);
            provider.OpenConnectionEarly();
            options.Log.Write(ProviderLogLevel.Debug, provider.Name, $"started: protocol {line.ProtocolVersion}, {line.Network} {line.Address}, mTLS {line.ServerCertificate is not null}");
            return provider;
        }
        catch
        {
            await provider.KillAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Asks the provider to exit (GRPCController.Shutdown), waits up to the shutdown timeout, then kills it.
    /// Safe to call more than once and after a crash.
    /// </summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopping, 1) == 0 && !HasExited && _grpc is not null)
        {
            try
            {
                await _grpc.CallAsync("/plugin.GRPCController/Shutdown", new Empty(), Empty.Parser, _options.ShutdownTimeout, CancellationToken.None).ConfigureAwait(false);
            }
            catch (GrpcCallException)
            {
                // Expected: the provider exits while answering, so the call usually sees the connection drop.
            }
        }

        if (!HasExited)
        {
            await Task.WhenAny(Exited, Task.Delay(_options.ShutdownTimeout)).ConfigureAwait(false);
        }

        await KillAsync().ConfigureAwait(false);
    }

    /// <summary>Kills the process at once (SIGKILL) and releases everything; no-op once it has exited.</summary>
    public async Task KillAsync()
    {
        if (!HasExited)
        {
            try
            {
                _process.Kill(entireProcessTree: true);
                _options.Log.Write(ProviderLogLevel.Warning, Name, "killed");
            }
            catch (InvalidOperationException)
            {
                // Exited between the check and the kill.
            }

            await _process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }

        _grpc?.Dispose();
        _clientCertificate?.Dispose();
        _process.Dispose();
        try
        {
            _socketDirectory.Delete(recursive: true);
        }
        catch (IOException)
        {
            // Already gone, or a killed provider's socket is being removed concurrently; nothing else lives there.
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    /// <summary>
    /// <c>TF_LOG_PROVIDER_&lt;NAME&gt;</c> for a binary named <c>terraform-provider-&lt;name&gt;_…</c> (terraform-plugin-log's
    /// level variable for a provider logger named after the provider), or null for a binary named otherwise.
    /// </summary>
    internal static string? NamedProviderLogVariable(string executablePath)
    {
        const string prefix = "terraform-provider-";
        var file = Path.GetFileName(executablePath);
        if (!file.StartsWith(prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var name = file[prefix.Length..].Split('_')[0];
        return name.Length == 0 ? null : "TF_LOG_PROVIDER_" + string.Concat(name.Select(c => char.IsAsciiLetterOrDigit(c) ? char.ToUpperInvariant(c) : '_'));
    }

    private static ProcessStartInfo BuildStartInfo(ProviderLaunchOptions options, string socketDirectory, X509Certificate2? clientCertificate)
    {
        var info = new ProcessStartInfo(options.ExecutablePath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(options.ExecutablePath) ?? Environment.CurrentDirectory,
        };
        var env = info.Environment;

        // The environment is inherited: remove anything a parent go-plugin host may have left for its own child.
        foreach (var key in env.Keys.Where(k => k.StartsWith("PLUGIN_", StringComparison.Ordinal)).ToList())
        {
            env.Remove(key);
        }

        env[Handshake.MagicCookieKey] = Handshake.MagicCookieValue;
        env["PLUGIN_PROTOCOL_VERSIONS"] = Handshake.ProtocolVersions;
        env["PLUGIN_UNIX_SOCKET_DIR"] = socketDirectory;
        if (clientCertificate is not null)
        {
            env["PLUGIN_CLIENT_CERT"] = clientCertificate.ExportCertificatePem();
        }

        env["TF_LOG"] = "off";
        env["TF_LOG_SDK"] = "off";
        env["TF_LOG_SDK_PROTO"] = "off";
        env["TF_LOG_SDK_FRAMEWORK"] = "off";
        // A provider's own named logger ignores TF_LOG=off: hashicorp/aws's "aws" logger writes every HTTP request and
        // response body at debug level, so a sensitive value the provider reads from the cloud (an SSM parameter's
        // value on refresh) reached Mandate's log before Mandate could know it to scrub it.
        if (NamedProviderLogVariable(options.ExecutablePath) is { } named)
        {
            env[named] = "off";
        }

        foreach (var (key, value) in options.Environment)
        {
            if (value is null)
            {
                env.Remove(key);
            }
            else
            {
                env[key] = value;
            }
        }

        return info;
    }
}
