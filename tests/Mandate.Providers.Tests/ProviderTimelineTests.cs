namespace Mandate.Providers.Tests;

public sealed class ProviderTimelineTests
{
    [Fact]
    public void Steps_keep_their_order_and_times_relative_to_the_timeline()
    {
        var timeline = new ProviderTimeline();
        var began = ProviderTimeline.Now();
        Thread.Sleep(20);
        timeline.Record("first", began);
        timeline.Record("second", ProviderTimeline.Now());

        Assert.Equal(["first", "second"], timeline.Steps.Select(s => s.Name));
        var first = timeline.Steps[0];
        Assert.True(first.Duration >= TimeSpan.FromMilliseconds(15), $"took {first.Duration}");
        Assert.True(timeline.Steps[1].Start >= first.End);
        Assert.Contains("| first | ", timeline.ToMarkdown(), StringComparison.Ordinal);
    }
}
