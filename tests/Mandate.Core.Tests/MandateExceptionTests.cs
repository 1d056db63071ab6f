namespace Mandate.Core.Tests;

public sealed class MandateExceptionTests
{
    [Fact]
    public void Carries_code_message_and_details_for_clients_to_act_on()
    {
        var failure = new MandateException(MandateErrorCodes.ProjectLocked, "project 'web' is locked by session s1 until 10:05",
            new Dictionary<string, object?> { ["holder"] = "s1" });

        Assert.Equal("project_locked", failure.Code);
        Assert.Contains("locked by session s1", failure.Message, StringComparison.Ordinal);
        Assert.Equal("s1", failure.Details["holder"]);
    }
}
