namespace Mandate.Server;

using Mandate.Core.Application;
using Mandate.Core.Stores;
using Microsoft.Extensions.DependencyInjection;

/// <summary>Registers a composed <see cref="MandateCore"/> and its parts, so endpoints take what they need by type.</summary>
public static class MandateCoreServices
{
    /// <summary>
    /// Adds <paramref name="core"/>, its app services, authenticator and store as singletons. They are
    /// registered as instances, so the container never disposes them: the core's owner does, after the host stopped.
    /// </summary>
    public static IServiceCollection AddMandateCore(this IServiceCollection services, MandateCore core)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(core);
        services.AddSingleton(core);
        services.AddSingleton(core.Authenticator);
        services.AddSingleton(core.Guard);
        services.AddSingleton(core.Projects);
        services.AddSingleton(core.Resources);
        services.AddSingleton(core.Operations);
        services.AddSingleton(core.Policies);
        services.AddSingleton(core.Audit);
        services.AddSingleton(core.Locks);
        services.AddSingleton(core.Access);
        services.AddSingleton<IMandateStore>(core.Store);
        return services;
    }
}
