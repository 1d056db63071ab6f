namespace Mandate.Core.Model;

/// <summary>
/// Who is applying an operation and until when that claim holds without a renewal. The holder renews the
/// lease (a heartbeat) while the provider works; once it lapses, the holder is presumed dead and recovery may
/// take the operation over.
/// </summary>
/// <param name="Holder">The worker identity, e.g. <c>host/pid/abcd1234</c>: unique per process start.</param>
/// <param name="Until">When the claim lapses unless renewed.</param>
public sealed record OperationLease(string Holder, DateTimeOffset Until);
