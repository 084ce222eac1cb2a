using System.Text.Json;

namespace RearPlayground.Data.Runs;

/// <summary>
/// The terminal events the store itself appends, for runs that end without a job to write them (cancelled while
/// queued, interrupted at start-up). Same JSON as the worker's events (a "type" discriminator, camelCase): a test
/// reads them back with the worker's event serializer.
/// </summary>
public static class RunEndEvents
{
    public const string Cancelled = "runCancelled", Interrupted = "runInterrupted";

    /// <summary>Every event type that ends a run's stream.</summary>
    public static readonly IReadOnlySet<string> TerminalTypes =
        new HashSet<string>(["runFinished", "runFailed", Cancelled, Interrupted], StringComparer.Ordinal);

    public static string CancelledJson() => JsonSerializer.Serialize(new { type = Cancelled });

    public static string InterruptedJson(string message) => JsonSerializer.Serialize(new { type = Interrupted, message });
}

/// <summary>An append to a run whose stream has already ended (a terminal event is stored): nothing was written.</summary>
public sealed class RunEndedException(Guid runId) : InvalidOperationException($"Run {runId} has ended: it takes no more events.")
{
    public Guid RunId { get; } = runId;
}
