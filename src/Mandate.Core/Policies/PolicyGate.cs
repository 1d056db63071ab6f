namespace Mandate.Core.Policies;

using System.Text.Json;
using System.Text.Json.Nodes;
using Mandate.Core.Model;
using Mandate.Core.Stores;

/// <summary>
/// Decides an operation: finds every policy that applies to the project (attached explicitly, or
/// auto-attached by label), evaluates each on the input, keeps samples for policies that ask for them,
/// and combines the verdicts.
/// </summary>
public sealed class PolicyGate(IMandateStore store, IntentPolicyEvaluator evaluator, TimeProvider clock, int samplesKept = 100)
{
    public const string AutoAttachPrefix = "autoattach:";

    /// <summary>
    /// The policies that apply to <paramref name="project"/>: explicit attachments, plus policies in the
    /// project's space or an ancestor (<paramref name="spaceChain"/>, the project's space first) labelled
    /// <c>autoattach:*</c> or <c>autoattach:&lt;a label the project carries&gt;</c>.
    /// </summary>
    public async Task<IReadOnlyList<IntentPolicySource>> ApplicablePoliciesAsync(ProjectRecord project, IReadOnlyList<string> spaceChain,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(project);
        var sources = new List<IntentPolicySource>();
        foreach (var candidate in await store.Policies.CandidatesForProjectAsync(project.Id, spaceChain, cancellationToken))
        {
            var targets = candidate.Policy.Labels.Where(l => l.StartsWith(AutoAttachPrefix, StringComparison.Ordinal)).Select(l => l[AutoAttachPrefix.Length..]);
            if (candidate.Attached || targets.Any(t => t == "*" || project.Labels.Contains(t)))
            {
                sources.Add(new IntentPolicySource(candidate.Policy.Id, candidate.Policy.Name, candidate.Policy.CurrentVersion, candidate.Body));
            }
        }

        // Ordered by name (then id) by the store: reasons always come in the same order.
        return sources;
    }

    /// <summary>Evaluates every applicable policy on <paramref name="input"/> and combines the verdicts.</summary>
    public Task<PolicyDecision> DecideAsync(IReadOnlyList<IntentPolicySource> policies, JsonObject input, CancellationToken cancellationToken = default) =>
        DecideAsync(policies, input, keepSamples: true, cancellationToken);

    /// <summary>As above; <paramref name="keepSamples"/> false evaluates without keeping samples (dry runs).</summary>
    public async Task<PolicyDecision> DecideAsync(IReadOnlyList<IntentPolicySource> policies, JsonObject input, bool keepSamples, CancellationToken cancellationToken = default)
    {
        var samples = keepSamples ? new List<PolicySampleRecord>() : null;
        var decision = Decide(policies, input, samples, cancellationToken);
        await KeepSamplesAsync(store, samples ?? [], cancellationToken);
        return decision;
    }

    /// <summary>
    /// Evaluates every applicable policy on <paramref name="input"/> and combines the verdicts, writing nothing: the
    /// samples policies ask to keep are added to <paramref name="samples"/> (null: none kept), for the caller to
    /// write with <see cref="KeepSamplesAsync"/> in the transaction that records the operation.
    /// </summary>
    public PolicyDecision Decide(IReadOnlyList<IntentPolicySource> policies, JsonObject input, ICollection<PolicySampleRecord>? samples,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(policies);
        var verdicts = new List<PolicyVerdict>(policies.Count);
        var regoInput = policies.Count == 0 ? null : IntentPolicyEvaluator.ToRegoInput(input);
        string? inputJson = null; // serialized once, for every policy that keeps a sample
        foreach (var policy in policies)
        {
            var evaluation = evaluator.Evaluate(policy, regoInput!, cancellationToken);
            verdicts.Add(evaluation.Verdict);
            if (evaluation.Sample && samples is not null)
            {
                var result = JsonSerializer.Serialize(new { deny = evaluation.Verdict.Deny, allow = evaluation.Verdict.Allow });
                samples.Add(new PolicySampleRecord(0, policy.Id, policy.Version, inputJson ??= input.ToJsonString(), result, clock.GetUtcNow()));
            }
        }

        return DecisionCombiner.Combine(policies.Count, verdicts);
    }

    /// <summary>Writes kept samples through <paramref name="session"/> (the store, or a transaction), each policy's bounded to the newest ones.</summary>
    public async Task KeepSamplesAsync(IStoreSession session, IEnumerable<PolicySampleRecord> samples, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(samples);
        // One batch: a decision's samples are one INSERT (plus one bounding DELETE per policy) inside the caller's transaction.
        await session.Policies.AddSamplesAsync(samples as IReadOnlyList<PolicySampleRecord> ?? [.. samples], samplesKept, cancellationToken);
    }

    /// <summary>
    /// Evaluates a draft of <paramref name="policyId"/> against its kept samples and reports, per sample,
    /// the decision recorded then and the one the draft would give now.
    /// </summary>
    public async Task<IReadOnlyList<DraftComparison>> CompareDraftAsync(string policyId, string draftBody, int limit, CancellationToken cancellationToken = default)
    {
        var policy = await store.Policies.GetAsync(policyId, cancellationToken)
            ?? throw new MandateException(MandateErrorCodes.NotFound, $"policy '{policyId}' does not exist");
        var draft = new IntentPolicySource(policy.Id + ":draft", policy.Name + " (draft)", -1, draftBody);
        var draftEvaluator = new IntentPolicyEvaluator();
        var comparisons = new List<DraftComparison>();
        foreach (var sample in await store.Policies.SamplesAsync(policyId, limit, cancellationToken))
        {
            var recorded = JsonNode.Parse(sample.ResultJson)!;
            var before = DecisionCombiner.Combine(1, [new PolicyVerdict(policy.Id, policy.Name, sample.PolicyVersion,
                Strings(recorded["deny"]), Strings(recorded["allow"]))]);
            var after = DecisionCombiner.Combine(1, [draftEvaluator.Evaluate(draft, JsonNode.Parse(sample.InputJson)!, cancellationToken).Verdict]);
            comparisons.Add(new DraftComparison(sample.Id, sample.CreatedAt, before.Outcome, after.Outcome, after.DenyReasons, after.AllowReasons));
        }

        return comparisons;
    }

    private static List<string> Strings(JsonNode? node) =>
        node is JsonArray array ? array.Select(n => n!.GetValue<string>()).ToList() : [];
}

/// <summary>One kept sample judged again by a draft policy.</summary>
public sealed record DraftComparison(
    long SampleId,
    DateTimeOffset SampledAt,
    PolicyOutcome Recorded,
    PolicyOutcome Draft,
    IReadOnlyList<string> DraftDenyReasons,
    IReadOnlyList<string> DraftAllowReasons)
{
    public bool Changed => Recorded != Draft;
}
