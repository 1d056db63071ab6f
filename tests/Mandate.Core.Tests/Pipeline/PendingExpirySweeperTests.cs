namespace Mandate.Core.Tests.Pipeline;

using Mandate.Core.Model;
using Mandate.Core.Pipeline;
using Mandate.Core.Stores;
using Mandate.Core.Tests.Keys;
using Mandate.Storage;

public sealed class PendingExpirySweeperTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);
    private readonly string _directory = Directory.CreateTempSubdirectory("mandate-sweeper-").FullName;
    private readonly ManualClock _clock = new(Start);
    private IMandateStore _store = null!;

    public async Task InitializeAsync()
    {
        _store = MandateStores.OpenSqlite(Path.Combine(_directory, "m.db"));
        await _store.MigrateAsync();
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Only_pending_operations_past_their_expiry_expire_and_each_expiry_is_audited()
    {
        var soon = await AddAsync(OperationStatus.PendingReview, expiresIn: TimeSpan.FromHours(1));
        var later = await AddAsync(OperationStatus.PendingReview, expiresIn: TimeSpan.FromHours(3));
        var done = await AddAsync(OperationStatus.Succeeded, expiresIn: TimeSpan.FromHours(1));
        var sweeper = new PendingExpirySweeper(_store, _clock);

        var before = await sweeper.SweepAsync();
        _clock.Advance(TimeSpan.FromHours(2));
        var expired = await sweeper.SweepAsync();
        var again = await sweeper.SweepAsync();

        Assert.Equal((0, 1, 0), (before, expired, again));
        Assert.Equal(OperationStatus.Expired, (await _store.Operations.GetAsync(soon))!.Status);
        Assert.Equal(Start.AddHours(2), (await _store.Operations.GetAsync(soon))!.CompletedAt);
        Assert.Equal(OperationStatus.PendingReview, (await _store.Operations.GetAsync(later))!.Status);
        Assert.Equal(OperationStatus.Succeeded, (await _store.Operations.GetAsync(done))!.Status);
        var audit = Assert.Single((await _store.Audit.SearchAsync(new Stores.AuditQuery(Action: "operation.expire"), new PageRequest())).Items);
        Assert.Equal(soon, audit.TargetId);
    }

    [Fact]
    public async Task The_background_loop_sweeps_at_once_and_stops_when_cancelled()
    {
        var pending = await AddAsync(OperationStatus.PendingReview, expiresIn: TimeSpan.FromMinutes(5));
        _clock.Advance(TimeSpan.FromMinutes(10));
        using var stop = new CancellationTokenSource();

        var loop = new PendingExpirySweeper(_store, _clock).RunAsync(TimeSpan.FromHours(1), cancellationToken: stop.Token);
        for (var i = 0; i < 200 && (await _store.Operations.GetAsync(pending))!.Status != OperationStatus.Expired; i++)
        {
            await Task.Delay(25);
        }

        await stop.CancelAsync();
        await loop.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(OperationStatus.Expired, (await _store.Operations.GetAsync(pending))!.Status);
    }

    private async Task<string> AddAsync(OperationStatus status, TimeSpan expiresIn)
    {
        var now = _clock.GetUtcNow();
        var operation = new OperationRecord(Ids.New("op", _clock), "prj_x", "r", OperationKind.Create, status, "usr_alice", "s1", "{}", "{}", "hash", null, null,
            null, null, now, now, null, now + expiresIn);
        await _store.Operations.CreateAsync(operation);
        return operation.Id;
    }
}
