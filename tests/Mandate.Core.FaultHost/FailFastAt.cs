namespace Mandate.Core.FaultHost;

using Mandate.Core.Model;
using Mandate.Core.Pipeline;
using Mandate.Core.Pipeline.Worker;
using Mandate.Providers.Pool;

/// <summary>Kills the process the hard way at one fault point: no finally blocks, no disposal, like a power cut.</summary>
internal sealed class FailFastAt(FaultPoint point) : IFaultInjector
{
    public void Reached(FaultPoint reached, OperationRecord operation)
    {
        if (reached == point)
        {
            Console.Out.WriteLine($"operation {operation.Id} reached {reached}");
            Console.Out.Flush();
            Environment.FailFast($"fault injected at {reached} of operation {operation.Id}");
        }
    }
}

/// <summary>Every resource type of the test resolves to the one AWS provider pointed at the emulators.</summary>
internal sealed class FixedResolver(ProviderSpec spec) : IProviderResolver
{
    public Task<ProviderSpec> ResolveAsync(ProjectRecord project, string resourceType, CancellationToken cancellationToken) => Task.FromResult(spec);
}
