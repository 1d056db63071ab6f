namespace Mandate.Cli.Commands;

using System.CommandLine;
using Mandate.Server;

/// <summary>`mandate version`: prints the product version and the runtime it runs on.</summary>
internal static class VersionCommand
{
    public static Command Create(TextWriter stdout)
    {
        var command = new Command("version", "Print Mandate's version.");
        command.SetAction(_ =>
        {
            stdout.WriteLine($"mandate {MandateVersion.Current} (.NET {Environment.Version})");
            return ExitCodes.Success;
        });
        return command;
    }
}
