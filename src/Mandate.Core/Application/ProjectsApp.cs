namespace Mandate.Core.Application;

using Mandate.Core.Access;
using Mandate.Core.Audit;
using Mandate.Core.Model;
using Mandate.Core.Stores;

/// <summary>What a new project is.</summary>
/// <param name="Space">The space whose roles govern it.</param>
/// <param name="Name">Unique within the space; what people and models call it.</param>
/// <param name="Description">Free text.</param>
/// <param name="Labels">Labels (drive <c>autoattach:</c> policies; setting any also needs <c>project.label</c>).</param>
/// <param name="Providers">Provider requirements.</param>
public sealed record ProjectCreateRequest(SpaceId Space, string Name, string Description = "",
    IReadOnlyList<string>? Labels = null, IReadOnlyList<ProviderRequirement>? Providers = null);

/// <summary>Projects: list, read, create, change, label and delete — each authorized against the project's space.</summary>
public sealed class ProjectsApp
{
    private const int MaxNameLength = 100;

    private readonly IMandateStore _store;
    private readonly AccessGuard _guard;
    private readonly AuditRecorder _audit;
    private readonly TimeProvider _clock;

    internal ProjectsApp(IMandateStore store, AccessGuard guard, TimeProvider clock)
    {
        _store = store;
        _guard = guard;
        _clock = clock;
        _audit = new AuditRecorder(store, clock);
    }

    /// <summary>
    /// Projects the caller may read, ordered by name; within <paramref name="space"/> and below it when
    /// given (then reading that space is authorized), otherwise across every space the caller can read.
    /// </summary>
    public async Task<Page<ProjectRecord>> ListAsync(CallContext ctx, SpaceId? space, PageRequest page, CancellationToken cancellationToken = default)
    {
        var readable = await _guard.SpacesAllowingAsync(ctx, MandateAction.ProjectRead, cancellationToken);
        if (space is { } within)
        {
            await _guard.AuthorizeAsync(ctx, within, MandateAction.ProjectRead, AuditTarget.Space(within.Value), cancellationToken);
            var tree = await _guard.TreeAsync(cancellationToken);
            readable = readable.Where(s => tree.IsSameOrDescendantOf(s, within)).ToList();
        }

        return readable.Count == 0
            ? new Page<ProjectRecord>([], null)
            : await _store.Projects.ListAsync(readable.Select(s => s.Value).ToList(), page, cancellationToken);
    }

    /// <summary>
    /// A project by id (<c>prj_…</c>) or by name. A name is looked up in <paramref name="space"/> when given,
    /// otherwise in every space the caller can read (and must then be unambiguous).
    /// </summary>
    public async Task<ProjectRecord> GetAsync(CallContext ctx, string idOrName, SpaceId? space = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentException.ThrowIfNullOrWhiteSpace(idOrName);
        var project = await FindAsync(ctx, idOrName, space, cancellationToken);
        // A project the caller cannot read gets the answer a name or id that matches nothing gets.
        await _guard.AuthorizeTargetAsync(ctx, Lookups.SpaceOf(project), MandateAction.ProjectRead, AuditTarget.Project(project.Id), MandateAction.ProjectRead,
            space is { } within ? NoProjectNamed(idOrName, within) : NoProjectReadable(idOrName), cancellationToken);
        return project;
    }

    /// <summary>Creates a project; labels, when given, also need <c>project.label</c> (they attach policies).</summary>
    public async Task<ProjectRecord> CreateAsync(CallContext ctx, ProjectCreateRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(request);
        var target = AuditTarget.Space(request.Space.Value);
        await _guard.AuthorizeAsync(ctx, request.Space, MandateAction.ProjectCreate, target, cancellationToken);
        var labels = Labels(request.Labels ?? []);
        if (labels.Count > 0)
        {
            await _guard.AuthorizeAsync(ctx, request.Space, MandateAction.ProjectLabel, target, cancellationToken);
        }

        var name = ValidName(request.Name);
        var now = _clock.GetUtcNow();
        var project = new ProjectRecord(Ids.New("prj", _clock), request.Space.Value, name, request.Description ?? string.Empty, labels,
            Providers(request.Providers ?? []), ctx.Principal.Id, now, now);
        await using var transaction = await _store.BeginAsync(cancellationToken);
        await transaction.Projects.CreateAsync(project, cancellationToken);
        await _audit.AppendAsync(ctx, MandateAction.ProjectCreate.Name, AuditTarget.Project(project.Id), AuditOutcomes.Succeeded,
            Describe(project).Build(), cancellationToken, transaction);
        await transaction.CommitAsync(cancellationToken);
        return project;
    }

    /// <summary>Changes the description and/or the provider requirements (null leaves a field as it is).</summary>
    public async Task<ProjectRecord> UpdateAsync(CallContext ctx, string projectId, string? description, IReadOnlyList<ProviderRequirement>? providers,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        var project = await Lookups.AuthorizedProjectAsync(_store, _guard, ctx, projectId, MandateAction.ProjectUpdate, AuditTarget.Project(projectId), cancellationToken);
        var updated = project with
        {
            Description = description ?? project.Description,
            Providers = providers is null ? project.Providers : Providers(providers),
            UpdatedAt = _clock.GetUtcNow(),
        };
        return await SaveAsync(ctx, MandateAction.ProjectUpdate, updated, cancellationToken);
    }

    /// <summary>Replaces the project's labels (which decide the <c>autoattach:</c> policies that apply to it).</summary>
    public async Task<ProjectRecord> SetLabelsAsync(CallContext ctx, string projectId, IReadOnlyList<string> labels, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(labels);
        var project = await Lookups.AuthorizedProjectAsync(_store, _guard, ctx, projectId, MandateAction.ProjectLabel, AuditTarget.Project(projectId), cancellationToken);
        var updated = project with { Labels = Labels(labels), UpdatedAt = _clock.GetUtcNow() };
        return await SaveAsync(ctx, MandateAction.ProjectLabel, updated, cancellationToken);
    }

    /// <summary>Deletes a project that manages no resources any more (delete or eject them first).</summary>
    public async Task DeleteAsync(CallContext ctx, string projectId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        var project = await Lookups.AuthorizedProjectAsync(_store, _guard, ctx, projectId, MandateAction.ProjectDelete, AuditTarget.Project(projectId), cancellationToken);
        var remaining = await _store.Resources.ListAsync(project.Id, null, new PageRequest(null, 5), cancellationToken);
        if (remaining.Items.Count > 0)
        {
            throw new MandateException(MandateErrorCodes.Conflict,
                $"project '{project.Name}' still manages resources ({string.Join(", ", remaining.Items.Select(r => $"'{r.ResourceId}'"))}" +
                $"{(remaining.NextCursor is null ? string.Empty : ", …")}); delete or eject them first",
                new Dictionary<string, object?> { ["project"] = project.Id });
        }

        await using var transaction = await _store.BeginAsync(cancellationToken);
        await transaction.Projects.DeleteAsync(project.Id, cancellationToken);
        await _audit.AppendAsync(ctx, MandateAction.ProjectDelete.Name, AuditTarget.Project(project.Id), AuditOutcomes.Succeeded,
            new AuditPayloadBuilder().Add("name", project.Name).Add("space", project.SpaceId).Build(), cancellationToken, transaction);
        await transaction.CommitAsync(cancellationToken);
    }

    private static MandateException NoProjectNamed(string idOrName, SpaceId space) =>
        new(MandateErrorCodes.NotFound, $"space '{space}' has no project named '{idOrName}'; list projects to see the names",
            new Dictionary<string, object?> { ["project"] = idOrName, ["space"] = space.Value });

    private static MandateException NoProjectReadable(string idOrName) =>
        new(MandateErrorCodes.NotFound, $"no project with id or name '{idOrName}' that you can read; list projects to see them",
            new Dictionary<string, object?> { ["project"] = idOrName });

    private async Task<ProjectRecord> FindAsync(CallContext ctx, string idOrName, SpaceId? space, CancellationToken cancellationToken)
    {
        if (idOrName.StartsWith("prj_", StringComparison.Ordinal) && await _store.Projects.GetAsync(idOrName, cancellationToken) is { } byId)
        {
            return byId;
        }

        if (space is { } within)
        {
            return await _store.Projects.FindByNameAsync(within.Value, idOrName, cancellationToken) ?? throw NoProjectNamed(idOrName, within);
        }

        var found = new List<ProjectRecord>();
        foreach (var candidate in await _guard.SpacesAllowingAsync(ctx, MandateAction.ProjectRead, cancellationToken))
        {
            if (await _store.Projects.FindByNameAsync(candidate.Value, idOrName, cancellationToken) is { } match)
            {
                found.Add(match);
            }
        }

        return found.Count switch
        {
            1 => found[0],
            0 => throw NoProjectReadable(idOrName),
            _ => throw new MandateException(MandateErrorCodes.InvalidArgument,
                $"several projects are named '{idOrName}' (in spaces {string.Join(", ", found.Select(p => $"'{p.SpaceId}'"))}); name the space, or use the project id",
                new Dictionary<string, object?> { ["project"] = idOrName, ["spaces"] = found.Select(p => p.SpaceId).ToArray() }),
        };
    }

    private async Task<ProjectRecord> SaveAsync(CallContext ctx, MandateAction action, ProjectRecord updated, CancellationToken cancellationToken)
    {
        await using var transaction = await _store.BeginAsync(cancellationToken);
        await transaction.Projects.UpdateAsync(updated, cancellationToken);
        await _audit.AppendAsync(ctx, action.Name, AuditTarget.Project(updated.Id), AuditOutcomes.Succeeded, Describe(updated).Build(),
            cancellationToken, transaction);
        await transaction.CommitAsync(cancellationToken);
        return updated;
    }

    private static AuditPayloadBuilder Describe(ProjectRecord project) => new AuditPayloadBuilder()
        .Add("name", project.Name)
        .Add("space", project.SpaceId)
        .Add("description", project.Description)
        .Add("labels", project.Labels)
        .Add("providers", project.Providers.Select(p => $"{p.Source} {p.VersionConstraint}".Trim() + (p.IntegrationId is null ? string.Empty : $" via {p.IntegrationId}")));

    private static string ValidName(string name)
    {
        var trimmed = name?.Trim() ?? string.Empty;
        if (trimmed.Length == 0 || trimmed.Length > MaxNameLength || trimmed.Any(char.IsControl))
        {
            throw new MandateException(MandateErrorCodes.InvalidArgument,
                $"project name '{name}' is not valid: a name is 1-{MaxNameLength} printable characters, e.g. 'checkout-service'",
                new Dictionary<string, object?> { ["name"] = name });
        }

        return trimmed;
    }

    private static List<string> Labels(IReadOnlyList<string> labels)
    {
        foreach (var label in labels)
        {
            if (string.IsNullOrWhiteSpace(label) || label.Length > MaxNameLength || label.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
            {
                throw new MandateException(MandateErrorCodes.InvalidArgument,
                    $"label '{label}' is not valid: a label is 1-{MaxNameLength} characters without spaces, e.g. 'production'",
                    new Dictionary<string, object?> { ["label"] = label });
            }
        }

        return labels.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
    }

    private static List<ProviderRequirement> Providers(IReadOnlyList<ProviderRequirement> providers)
    {
        foreach (var provider in providers)
        {
            if (!Mandate.Providers.Registry.ProviderAddress.TryParse(provider.Source, out _, out var problem))
            {
                throw new MandateException(MandateErrorCodes.InvalidArgument,
                    $"provider source '{provider.Source}' is not valid: {problem}; write it like 'hashicorp/aws'",
                    new Dictionary<string, object?> { ["provider"] = provider.Source });
            }

            if (!string.IsNullOrWhiteSpace(provider.VersionConstraint))
            {
                try
                {
                    _ = Mandate.Providers.Registry.VersionConstraints.Parse(provider.VersionConstraint);
                }
                catch (Exception e) when (e is FormatException or ArgumentException or Mandate.Providers.Registry.ProviderInstallException)
                {
                    throw new MandateException(MandateErrorCodes.InvalidArgument,
                        $"version constraint '{provider.VersionConstraint}' of provider '{provider.Source}' is not valid: {e.Message}; write it like '~> 5.100'",
                        new Dictionary<string, object?> { ["provider"] = provider.Source });
                }
            }
        }

        return providers.ToList();
    }
}
