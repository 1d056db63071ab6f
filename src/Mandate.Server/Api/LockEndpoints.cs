namespace Mandate.Server.Api;

using Mandate.Core.Application;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

/// <summary>/api/v1/projects/{project}/lock: who holds a project's lock and until when; break it (admins).</summary>
internal static class LockEndpoints
{
    public static void MapLocks(this RouteGroupBuilder api)
    {
        var locks = api.MapGroup("/projects/{project}/lock").WithTags("Locks");

        locks.MapGet("/", async (HttpContext http, [FromServices] MandateCore core, string project) =>
                await core.Locks.StatusAsync(http.Context(), project, http.RequestAborted))
            .WithName("GetProjectLock").WithSummary("Whether the project is locked, by which session and principal, and until when.");

        locks.MapDelete("/", async (HttpContext http, [FromServices] MandateCore core, string project) =>
                new UnlockAnswer(await core.Locks.UnlockAsync(http.Context(), project, http.RequestAborted)))
            .WithName("UnlockProject").WithSummary("Break the project's lock, whoever holds it; says whether there was one.");
    }
}

/// <summary>Whether an unlock released a lock.</summary>
internal sealed record UnlockAnswer(bool Unlocked);
