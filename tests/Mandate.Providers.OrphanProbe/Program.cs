using System.Globalization;
using Mandate.Providers.Plugin;

// Usage: Mandate.Providers.OrphanProbe <provider binary>
// Starts the provider exactly as the runtime does, prints "PID <provider pid>" and then waits to be killed.
if (args.Length != 1)
{
    Console.Error.WriteLine("usage: Mandate.Providers.OrphanProbe <provider binary>");
    return 2;
}

var provider = await ProviderProcess.StartAsync(new ProviderLaunchOptions { ExecutablePath = args[0] });
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"PID {provider.ProcessId}"));
Console.Out.Flush();
await Task.Delay(Timeout.Infinite);
return 0;
