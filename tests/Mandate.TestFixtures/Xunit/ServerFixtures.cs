namespace Mandate.TestFixtures.Xunit;

using global::Xunit;
using Mandate.TestFixtures.Servers;

// Collection fixtures: one server per test collection, shared by its classes, stopped by PID at the end.
// xunit only honours [CollectionDefinition] in the test assembly itself, so each test project declares
// e.g. `[CollectionDefinition(DynaliteFixture.Collection)] public sealed class X : ICollectionFixture<DynaliteFixture>;`

/// <summary>A dynalite (DynamoDB) server for a test collection.</summary>
public sealed class DynaliteFixture : IAsyncLifetime
{
    public const string Collection = "dynalite";

    private DynaliteServer? _server;

    public DynaliteServer Server => _server ?? throw new InvalidOperationException("dynalite has not started");

    public async Task InitializeAsync() => _server = await DynaliteServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

/// <summary>An s3rver (S3) server for a test collection.</summary>
public sealed class S3rverFixture : IAsyncLifetime
{
    public const string Collection = "s3rver";

    private S3rverServer? _server;

    public S3rverServer Server => _server ?? throw new InvalidOperationException("s3rver has not started");

    public async Task InitializeAsync() => _server = await S3rverServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

/// <summary>A PostgreSQL cluster for a test collection; each test class asks it for a fresh database.</summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    public const string Collection = "postgres";

    private PostgresServer? _server;

    public PostgresServer Server => _server ?? throw new InvalidOperationException("PostgreSQL has not started");

    public async Task InitializeAsync() => _server = await PostgresServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

/// <summary>An SSM Parameter Store emulator for a test class or collection.</summary>
public sealed class SsmEmulatorFixture : IAsyncLifetime
{
    private SsmEmulatorServer? _server;

    public SsmEmulatorServer Server => _server ?? throw new InvalidOperationException("the SSM emulator has not started");

    public async Task InitializeAsync() => _server = await SsmEmulatorServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
