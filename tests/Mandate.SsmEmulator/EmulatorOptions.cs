namespace Mandate.SsmEmulator;

using System.Globalization;

/// <summary>The command line: the port to listen on (the test picks a free one) and the region ARNs name.</summary>
internal sealed record EmulatorOptions(int Port, string Region, string? Error)
{
    public static EmulatorOptions Parse(IReadOnlyList<string> args)
    {
        var port = 0;
        var region = "us-east-1";
        for (var i = 0; i < args.Count; i++)
        {
            var value = i + 1 < args.Count ? args[i + 1] : null;
            switch (args[i])
            {
                case "--port" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed is > 0 and <= 65535:
                    port = parsed;
                    i++;
                    break;
                case "--port":
                    return new EmulatorOptions(0, region, $"--port needs a number from 1 to 65535, got '{value}'");
                case "--region" when !string.IsNullOrWhiteSpace(value):
                    region = value;
                    i++;
                    break;
                default:
                    return new EmulatorOptions(0, region, $"unknown argument '{args[i]}'");
            }
        }

        return port == 0 ? new EmulatorOptions(0, region, "--port is required") : new EmulatorOptions(port, region, null);
    }
}
