namespace RearPlayground.Worker.Hub;

/// <summary>One background pull: who asked, what for, and its latest progress (replaced as it moves; readers get a snapshot).</summary>
public sealed class ModelDownload
{
    private readonly CancellationTokenSource _cancel = new();
    private PullProgress _progress;

    internal ModelDownload(string repoId, string? revision, string? variant, string requestedBy)
    {
        RepoId = repoId;
        Revision = revision;
        Variant = variant;
        RequestedBy = requestedBy;
        _progress = new PullProgress(repoId, revision ?? "main", variant, PullState.Queued, 0, 0, 0, 0, null, 0, null, null, null);
    }

    public Guid Id { get; } = Guid.NewGuid();
    public string RepoId { get; }
    public string? Revision { get; }
    /// <summary>The variant asked for (null: the device order's first); the progress names the one chosen.</summary>
    public string? Variant { get; }
    public string RequestedBy { get; }
    public DateTimeOffset StartedAt { get; } = DateTimeOffset.UtcNow;
    public PullProgress Progress => Volatile.Read(ref _progress);
    public PullResult? Result { get; internal set; }
    internal Task Task { get; set; } = Task.CompletedTask;
    internal CancellationToken Token => _cancel.Token;

    /// <summary>Raised (on the download's thread) after each progress change; pages redraw from it.</summary>
    public event Action<ModelDownload>? Changed;

    internal void Report(PullProgress progress)
    {
        Volatile.Write(ref _progress, progress);
        Changed?.Invoke(this);
    }

    internal void Cancel() => _cancel.Cancel();

    /// <summary>The same repository, revision and variant (names compared case-insensitively).</summary>
    internal bool Same(string repoId, string? revision, string? variant) =>
        string.Equals(RepoId, repoId, StringComparison.OrdinalIgnoreCase)
        && string.Equals(Revision ?? "main", revision ?? "main", StringComparison.Ordinal)
        && string.Equals(Variant ?? "", variant ?? "", StringComparison.OrdinalIgnoreCase);
}
