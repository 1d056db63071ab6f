namespace Mandate.Server;

using Mandate.Mcp.Http;
using Mandate.Server.Api;
using Mandate.Server.Endpoints;
using Mandate.Server.Logging;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

/// <summary>Builds the ASP.NET Core application that `mandate serve` runs.</summary>
public static class MandateWebHost
{
    public static WebApplication Build(ServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);

        // No command-line args reach ASP.NET Core's own configuration: `mandate` parses its options
        // itself, so a stray `--urls=...` style argument cannot silently override what was validated.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [],
            ContentRootPath = options.DataDirectory,
            ApplicationName = "Mandate",
        });
        builder.WebHost.UseUrls(options.Urls);
        ConfigureLogging(builder.Logging);
        options.Logging?.Invoke(builder.Logging);
        builder.Services.AddSingleton(options);
        if (options.Core is { } core)
        {
            builder.Services.AddMandateCore(core);
            McpSurface.AddServices(builder.Services, options);
            if (options.RunBackgroundWork)
            {
                builder.Services.AddHostedService(services => ActivatorUtilities.CreateInstance<MandateCoreBackgroundService>(services, core));
            }
        }

        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(10));
        builder.Services.AddRestApi();

        var app = builder.Build();
        app.UseRestApi();
        app.MapHealth();
        app.MapRestApi();
        if (options.Core is not null)
        {
            app.MapMandateMcp();
        }

        return app;
    }

    private static void ConfigureLogging(ILoggingBuilder logging)
    {
        logging.ClearProviders();
        logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "HH:mm:ss ";
        });
        // Per-request lines drown what matters on a console; lifetime events (listening, stopping) stay.
        logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        logging.AddFilter("ModelContextProtocol", LogLevel.Warning);
        var console = logging.Services.Single(d => d.ServiceType == typeof(ILoggerProvider));
        logging.Services.Remove(console);
        logging.Services.Add(ServiceDescriptor.Singleton<ILoggerProvider>(services =>
            new StartupFailureLogFilter((ILoggerProvider)ActivatorUtilities.CreateInstance(services, console.ImplementationType!))));
    }
}
