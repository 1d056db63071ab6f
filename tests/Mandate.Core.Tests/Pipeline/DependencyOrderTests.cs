namespace Mandate.Core.Tests.Pipeline;

using Mandate.Core.Pipeline;

public sealed class DependencyOrderTests
{
    [Fact]
    public void Cascade_deletes_dependents_before_what_they_depend_on()
    {
        // app → subnet → vpc, and app → vpc directly; sg → vpc.
        var dependents = new Dictionary<string, string[]>
        {
            ["vpc"] = ["subnet", "app", "sg"],
            ["subnet"] = ["app"],
            ["app"] = [],
            ["sg"] = [],
        };

        var order = DependencyOrder.CascadeDeletion("vpc", r => dependents[r]).ToList();

        Assert.Equal("vpc", order[^1]);
        Assert.Equal(4, order.Count);
        Assert.True(order.IndexOf("app") < order.IndexOf("subnet"), string.Join(",", order));
        Assert.Contains("sg", order);
    }

    [Fact]
    public void A_cycle_is_reported_with_its_members()
    {
        var dependents = new Dictionary<string, string[]> { ["a"] = ["b"], ["b"] = ["c"], ["c"] = ["a"] };

        var failure = Assert.Throws<MandateException>(() => DependencyOrder.CascadeDeletion("a", r => dependents[r]));

        Assert.Contains("a → b → c → a", failure.Message, StringComparison.Ordinal);
    }
}
