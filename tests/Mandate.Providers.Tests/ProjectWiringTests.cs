namespace Mandate.Providers.Tests;

public class ProjectWiringTests
{
    [Fact]
    public void Runtime_assembly_references_nothing_else_of_Mandate()
    {
        var referenced = typeof(Mandate.Providers.AssemblyMarker).Assembly.GetReferencedAssemblies();
        Assert.DoesNotContain(referenced, a => a.Name!.StartsWith("Mandate.", StringComparison.Ordinal));
    }
}
