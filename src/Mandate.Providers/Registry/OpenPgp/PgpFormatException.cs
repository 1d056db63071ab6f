namespace Mandate.Providers.Registry.OpenPgp;

/// <summary>OpenPGP data that is malformed: bad armor, a checksum that fails, a truncated packet.</summary>
public sealed class PgpFormatException : Exception
{
    /// <summary>Creates the exception with a message saying what is wrong and where.</summary>
    public PgpFormatException(string message) : base(message) { }

    /// <summary>Required by the exception pattern.</summary>
    public PgpFormatException() : base("Malformed OpenPGP data.") { }

    /// <summary>Required by the exception pattern.</summary>
    public PgpFormatException(string message, Exception inner) : base(message, inner) { }
}
