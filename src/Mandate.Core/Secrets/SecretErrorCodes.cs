namespace Mandate.Core.Secrets;

/// <summary>
/// Error codes for encrypted secrets, kept here until they join <see cref="MandateErrorCodes"/>.
/// Both mean an operator must act (load the right key, fix a file); neither is the caller's fault.
/// </summary>
public static class SecretErrorCodes
{
    /// <summary>A stored secret cannot be decrypted: wrong or missing key, altered, or moved to another row.</summary>
    public const string SecretUnreadable = "secret_unreadable";

    /// <summary>The secret key is missing, malformed, or kept in a file others can read.</summary>
    public const string SecretKeyUnusable = "secret_key_unusable";
}
