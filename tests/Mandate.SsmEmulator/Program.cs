// Usage: Mandate.SsmEmulator --port <port> [--region <region>]
// Serves AWS Systems Manager Parameter Store actions (AWS JSON 1.1, X-Amz-Target "AmazonSSM.<Action>") on
// http://127.0.0.1:<port>/ until the process is stopped. Every call is written to stdout as one line naming the
// action and the parameter (never a value); an action it does not implement is answered with an AWS-style
// UnknownOperationException and written to stderr, so a test sees at once what a provider needed that is missing.
// GET /__emulator/calls answers how often each action was called and which unknown actions were asked for.
using System.Globalization;
using System.Net;
using Mandate.SsmEmulator;

var options = EmulatorOptions.Parse(args);
if (options.Error is { } error)
{
    await Console.Error.WriteLineAsync($"{error}. Usage: Mandate.SsmEmulator --port <1-65535> [--region <aws region, default us-east-1>]");
    return 2;
}

using var listener = new HttpListener();
listener.Prefixes.Add($"http://127.0.0.1:{options.Port.ToString(CultureInfo.InvariantCulture)}/");
try
{
    listener.Start();
}
catch (HttpListenerException e)
{
    await Console.Error.WriteLineAsync($"cannot listen on 127.0.0.1:{options.Port}: {e.Message}");
    return 1;
}

var server = new EmulatorServer(new SsmActions(new ParameterStore(options.Region)));
Console.WriteLine($"ssm emulator listening on http://127.0.0.1:{options.Port}/ (region {options.Region})");
while (listener.IsListening)
{
    HttpListenerContext context;
    try
    {
        context = await listener.GetContextAsync();
    }
    catch (HttpListenerException e) when (listener.IsListening)
    {
        // One client's broken connection must not end the server the rest of the test run depends on.
        await Console.Error.WriteLineAsync($"accept failed, still listening: {e.Message}");
        continue;
    }

    _ = Task.Run(() => server.HandleAsync(context));
}

return 0;
