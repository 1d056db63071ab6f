namespace Mandate.Core.Tests.Application;

using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Mandate.Core.Access;
using Mandate.Core.Application;
using Mandate.Core.Stores;

/// <summary>
/// The role × action matrix over the real application layer: every public entry point, called by each
/// role granted on a space, on targets in that space, in a space below it, in a sibling and above it.
/// Expected answers come from <see cref="RolePermissions"/> (its own table test pins the table itself);
/// what is checked here is that every entry point asks the right question about the right space, and that a caller who
/// cannot read that space is answered exactly as if the target (or the space) did not exist.
/// </summary>
public abstract class FacadeMatrixTests : IAsyncLifetime
{
    private static readonly SpaceId[] Locations = [AppWorld.Team, AppWorld.TeamChild, AppWorld.Sibling, SpaceId.Root];

    // Where the "nonexistent" twin of a call points: a space no test creates.
    private static readonly SpaceId Nowhere = new("nowhere");

    private AppWorld _world = null!;

    protected abstract Task<IMandateStore> OpenStoreAsync();

    public async Task InitializeAsync() => _world = await AppWorld.CreateAsync(await OpenStoreAsync());

    public virtual async Task DisposeAsync() => await _world.DisposeAsync();

    /// <summary>
    /// Grants each of <paramref name="roles"/> on <paramref name="grantedOn"/> to a fresh user and calls every
    /// entry point in every location; returns the disagreements with <see cref="RolePermissions"/>.
    /// </summary>
    protected async Task AssertMatrixAsync(SpaceId grantedOn, IReadOnlyList<Role> roles)
    {
        var tree = await _world.Store.Spaces.LoadTreeAsync();
        var mismatches = new List<string>();
        var calls = 0;
        foreach (var role in roles)
        {
            var caller = await _world.UserAsync($"{role.ToWireName()}-on-{grantedOn}", grantedOn, role);
            foreach (var location in Locations)
            {
                foreach (var entry in FacadeEntryPoints.All)
                {
                    var target = entry.RootOnly ? SpaceId.Root : location;
                    var expected = entry.Actions.Length == 0
                        || (entry.Actions.All(a => RolePermissions.Grants(role, a)) && tree.IsSameOrDescendantOf(target, grantedOn));
                    // Refused where the caller cannot even read: answered as missing; except the root when named, as it always exists.
                    var readable = RolePermissions.Grants(role, MandateAction.SpaceRead) && tree.IsSameOrDescendantOf(location, grantedOn);
                    var concealed = !expected && !entry.Filters && !readable && !(entry.NamesSpace && target == SpaceId.Root);
                    var resolverCalls = _world.Resolver.Calls;
                    _world.ForgetNamed();
                    var (allowed, code, error) = await RunAsync(entry, caller, location);
                    calls++;
                    var where = $"{role.ToWireName()} on '{grantedOn}' → {entry.Method} in '{location}'";
                    if (concealed)
                    {
                        mismatches.AddRange((await ConcealmentMismatchesAsync(entry, caller, location, error)).Select(m => $"{where}: {m}"));
                    }
                    else if (allowed != expected)
                    {
                        mismatches.Add($"{where}: expected {(expected ? "allowed" : "denied")}, got {(allowed ? "allowed" : "denied")} ({code ?? "ok"})");
                    }
                    else if (!expected && code != (entry.Filters ? null : MandateErrorCodes.Forbidden))
                    {
                        mismatches.Add($"{where}: denied with '{code ?? "an empty result"}', expected {(entry.Filters ? "an empty result" : "forbidden")}");
                    }
                    else if (expected && code == MandateErrorCodes.NotFound)
                    {
                        mismatches.Add($"{where}: not_found would hide the authorization answer");
                    }

                    if (!expected && _world.Resolver.Calls != resolverCalls)
                    {
                        mismatches.Add($"{where}: refused, yet a provider was resolved");
                    }
                }
            }
        }

        Assert.True(mismatches.Count == 0, $"{mismatches.Count} of {calls} calls disagree with RolePermissions:\n" + string.Join('\n', mismatches));
    }

    [Fact]
    public async Task A_read_only_key_fails_with_read_only_credential_on_every_mutating_entry_point_even_as_admin()
    {
        var (key, _) = await _world.KeyAsync(SpaceId.Root, Role.Admin, KeyScope.Read);
        var mismatches = new List<string>();
        foreach (var entry in FacadeEntryPoints.All)
        {
            var resolverCalls = _world.Resolver.Calls;
            var (allowed, code, _) = await RunAsync(entry, key, AppWorld.Team);
            if (entry.Mutates && code != MandateErrorCodes.ReadOnlyCredential)
            {
                mismatches.Add($"{entry.Method}: mutating, expected read_only_credential, got {code ?? "success"}");
            }
            else if (!entry.Mutates && !allowed)
            {
                mismatches.Add($"{entry.Method}: read-only, expected allowed, got {code ?? "an empty result"}");
            }

            if (entry.Mutates && _world.Resolver.Calls != resolverCalls)
            {
                mismatches.Add($"{entry.Method}: refused, yet a provider was resolved");
            }
        }

        Assert.True(mismatches.Count == 0, string.Join('\n', mismatches));
        Assert.Contains(FacadeEntryPoints.All, e => e.Mutates);
        Assert.Contains(FacadeEntryPoints.All, e => !e.Mutates);
    }

    [Fact]
    public void Every_public_facade_method_is_in_the_matrix()
    {
        var covered = FacadeEntryPoints.All.Select(e => e.Method).ToHashSet(StringComparer.Ordinal);
        var missing = FacadeEntryPoints.FacadeTypes
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                .Where(m => !m.IsSpecialName)
                .Select(m => $"{t.Name}.{m.Name}"))
            .Where(name => !covered.Contains(name))
            .Distinct()
            .ToList();
        Assert.True(missing.Count == 0, "public facade methods the role × action matrix does not call: " + string.Join(", ", missing));

        // And every app service of the composed core is one of the types checked.
        var services = typeof(MandateCore).GetProperties().Select(p => p.PropertyType).Where(t => t.Name.EndsWith("App", StringComparison.Ordinal));
        Assert.All(services, t => Assert.Contains(t, FacadeEntryPoints.FacadeTypes));
    }

    /// <summary>
    /// For a call refused where the caller cannot read the location: the error must be not_found and, ids and names aside, the
    /// very error of the same call on targets that do not exist (in a space that does not exist), so nothing tells them apart;
    /// and the refusal must still be audited as <c>access.denied</c>, saying it was answered as not_found.
    /// </summary>
    private async Task<List<string>> ConcealmentMismatchesAsync(FacadeEntryPoint entry, CallContext caller, SpaceId location, MandateException? error)
    {
        var mismatches = new List<string>();
        var realNames = _world.Named.ToList();
        _world.ForgetNamed();
        _world.Phantom = true;
        MandateException? missing;
        try
        {
            missing = (await RunAsync(entry, caller, Nowhere)).Error;
        }
        finally
        {
            _world.Phantom = false;
        }

        if (error?.Code != MandateErrorCodes.NotFound)
        {
            mismatches.Add($"refused where it cannot read, expected not_found, got {error?.Code ?? "success"}");
            return mismatches;
        }

        // The location is masked in the twin's answer too: there it can only be a constant both share (the root as a default).
        var seen = Describe(error, realNames, [location]);
        var unseen = Describe(missing, _world.Named, [Nowhere, location]);
        if (seen != unseen)
        {
            mismatches.Add($"an unreadable target answers\n    {seen}\n  a missing one answers\n    {unseen}");
        }

        var denial = (await _world.Store.Audit.SearchAsync(new AuditQuery(ActorId: caller.Principal.Id, Action: AccessGuard.DeniedAction), new PageRequest(null, 1)))
            .Items.SingleOrDefault();
        if (denial is null || denial.Sequence <= _lastConcealedDenial.GetValueOrDefault(caller.Principal.Id)
            || !denial.Payload.Contains("\"answered\":\"not_found\"", StringComparison.Ordinal))
        {
            mismatches.Add($"not audited as {AccessGuard.DeniedAction} answered as not_found (newest denial: {denial?.Payload ?? "none"})");
        }
        else
        {
            _lastConcealedDenial[caller.Principal.Id] = denial.Sequence;
        }

        return mismatches;
    }

    private readonly Dictionary<string, long> _lastConcealedDenial = new(StringComparer.Ordinal);

    // An error as the caller sees it, with each id or name the call made (and the space) replaced by its position.
    private static string Describe(MandateException? error, IReadOnlyList<string> named, SpaceId[] spaces)
    {
        if (error is null)
        {
            return "success";
        }

        var text = $"{error.Code}: {error.Message} {JsonSerializer.Serialize(error.Details)}";
        foreach (var (value, index) in named.Select((v, i) => (v, i)).Concat(spaces.Select(s => (s.Value, -1))).OrderByDescending(p => p.Item1.Length))
        {
            text = Regex.Replace(text, $"(?<![\\w-]){Regex.Escape(value)}(?![\\w-])", index < 0 ? "<space>" : $"<{index}>");
        }

        return text;
    }

    private async Task<(bool Allowed, string? Code, MandateException? Error)> RunAsync(FacadeEntryPoint entry, CallContext caller, SpaceId location)
    {
        try
        {
            return (await entry.Call(_world, caller, location), null, null);
        }
        catch (MandateException e) when (e.Code is MandateErrorCodes.Forbidden or MandateErrorCodes.ReadOnlyCredential)
        {
            return (false, e.Code, e);
        }
        catch (MandateException e)
        {
            // Authorized, then failed for another reason (no provider in this test, a conflict): not a denial.
            return (true, e.Code, e);
        }
    }
}

/// <summary>The whole matrix on the embedded SQLite store: every role, granted on a team space and on the root.</summary>
public sealed class SqliteFacadeMatrixTests : FacadeMatrixTests
{
    [Theory]
    [InlineData("team")]
    [InlineData("root")]
    public Task Each_role_may_call_exactly_the_entry_points_its_role_grants_on_its_space_and_below(string grantedOn) =>
        AssertMatrixAsync(new SpaceId(grantedOn), Enum.GetValues<Role>());

    private readonly string _directory = Directory.CreateTempSubdirectory("mandate-facade-").FullName;

    protected override Task<IMandateStore> OpenStoreAsync() => Task.FromResult(Mandate.Storage.MandateStores.OpenSqlite(Path.Combine(_directory, "m.db")));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}

/// <summary>
/// The whole matrix on PostgreSQL too (a fresh database per test): every role granted on a team space. The root
/// grant differs from it only in which locations are "below", which SQLite covers; a pooled connection makes each
/// store round trip ~1 ms here, so all roles run in well under a minute.
/// </summary>
[Collection(Mandate.TestFixtures.Xunit.PostgresFixture.Collection)]
public sealed class PostgresFacadeMatrixTests(Mandate.TestFixtures.Xunit.PostgresFixture postgres) : FacadeMatrixTests
{
    [Fact]
    public Task Each_role_on_a_team_space_may_call_exactly_what_its_role_grants_there_and_below() =>
        AssertMatrixAsync(AppWorld.Team, Enum.GetValues<Role>());

    protected override async Task<IMandateStore> OpenStoreAsync() =>
        Mandate.Storage.MandateStores.OpenPostgres(await postgres.Server.CreateDatabaseAsync("facade"));
}
