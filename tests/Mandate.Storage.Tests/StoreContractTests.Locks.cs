namespace Mandate.Storage.Tests;

public abstract partial class StoreContractTests
{
    [Fact]
    public async Task One_session_holds_a_project_lock_until_it_lapses()
    {
        var idle = TimeSpan.FromMinutes(5);

        var first = await Store.Locks.TryAcquireAsync("prj_l", "s1", "usr_a", T0, T0 + idle);
        var refused = await Store.Locks.TryAcquireAsync("prj_l", "s2", "usr_b", T0.AddMinutes(1), T0.AddMinutes(1) + idle);
        var renewed = await Store.Locks.TryAcquireAsync("prj_l", "s1", "usr_a", T0.AddMinutes(2), T0.AddMinutes(2) + idle);
        var afterLapse = await Store.Locks.TryAcquireAsync("prj_l", "s2", "usr_b", T0.AddMinutes(8), T0.AddMinutes(8) + idle);

        Assert.True(first.Acquired);
        Assert.False(refused.Acquired);
        Assert.Equal("s1", refused.Holder.SessionId);
        Assert.Equal(T0 + idle, refused.Holder.ExpiresAt);
        Assert.True(renewed.Acquired);
        Assert.Equal(T0, renewed.Holder.AcquiredAt);
        Assert.Equal(T0.AddMinutes(2) + idle, renewed.Holder.ExpiresAt);
        Assert.True(afterLapse.Acquired);
        Assert.Equal("s2", afterLapse.Holder.SessionId);
        Assert.Equal(T0.AddMinutes(8), afterLapse.Holder.AcquiredAt);
    }

    [Fact]
    public async Task Only_the_holder_releases_a_lock_unless_an_admin_forces_it()
    {
        await Store.Locks.TryAcquireAsync("prj_r", "s1", "usr_a", T0, T0.AddMinutes(5));

        var byOther = await Store.Locks.ReleaseAsync("prj_r", "s2");
        var stillHeld = await Store.Locks.GetAsync("prj_r");
        var forced = await Store.Locks.ReleaseAsync("prj_r", null);

        Assert.False(byOther);
        Assert.Equal("s1", stillHeld!.SessionId);
        Assert.True(forced);
        Assert.Null(await Store.Locks.GetAsync("prj_r"));
    }

    [Fact]
    public async Task Racing_sessions_never_both_get_the_lock()
    {
        var attempts = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            Task.Run(() => Store.Locks.TryAcquireAsync("prj_race", $"s{i}", "usr_x", T0, T0.AddMinutes(5)))));

        var winner = Assert.Single(attempts, a => a.Acquired);
        Assert.All(attempts, a => Assert.Equal(winner.Holder.SessionId, a.Holder.SessionId));
    }
}
