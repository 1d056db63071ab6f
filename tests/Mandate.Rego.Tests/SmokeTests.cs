namespace Mandate.Rego.Tests;

public class ProjectWiringTests
{
    [Fact]
    public void Engine_assembly_loads_without_references_to_the_rest_of_Mandate()
    {
        var referenced = typeof(Mandate.Rego.AssemblyMarker).Assembly.GetReferencedAssemblies();
        Assert.DoesNotContain(referenced, a => a.Name!.StartsWith("Mandate.", StringComparison.Ordinal));
    }
}
