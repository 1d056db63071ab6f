namespace Mandate.Providers;

/// <summary>Deadlines for provider calls.</summary>
public sealed record ProviderClientOptions
{
    public static ProviderClientOptions Default { get; } = new();

    /// <summary>GetSchema: the AWS provider needs ~0.7 s of CPU; slow or busy machines much more.</summary>
    public TimeSpan SchemaTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Every other call. Generous because apply waits for the cloud (an RDS instance takes many minutes);
    /// callers cancel earlier through their CancellationToken.
    /// </summary>
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromHours(2);
}
