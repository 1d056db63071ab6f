namespace Mandate.Cli;

/// <summary>Process exit codes, stable so scripts can tell failures apart.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The command ran and failed (e.g. the port is taken).</summary>
    public const int Failure = 1;

    /// <summary>The command line itself was wrong.</summary>
    public const int Usage = 2;
}
