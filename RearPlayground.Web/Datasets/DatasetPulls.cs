using System.Collections.Concurrent;
using RearPlayground.Worker.Datasets;
using RearPlayground.Worker.Hub;

namespace RearPlayground.Web.Datasets;

/// <summary>
/// Hub dataset pulls started by the API to run in the background (<c>POST /api/datasets/pull</c> with
/// <c>Prefer: respond-async</c>): each is readable by id while it downloads and after, with the hub client's progress and, once
/// done, the datasets it made. Kept in memory (the newest 100): a restart forgets them, the cache keeps what was downloaded,
/// and a new pull resumes from there. Pulls stop when the app stops.
/// </summary>
public sealed class DatasetPulls(DatasetService datasets, IHostApplicationLifetime lifetime)
{
    private const int Kept = 100;
    private readonly ConcurrentDictionary<Guid, DatasetPull> _pulls = new();

    public DatasetPull Start(string repo, string? revision, IReadOnlyList<string>? files, DatasetChoice choice, string user)
    {
        var pull = new DatasetPull(Guid.NewGuid(), repo.Trim(), revision, user, DateTimeOffset.UtcNow,
            CancellationTokenSource.CreateLinkedTokenSource(lifetime.ApplicationStopping));
        _pulls[pull.Id] = pull;
        Forget();
        var progress = new Progress<PullProgress>(p => pull.Progress = p);
        pull.Task = Task.Run(async () =>
        {
            try
            {
                pull.Results = await datasets.PullAsync(pull.RepoId, revision, files, choice, user, progress, pull.Cancel.Token);
            }
            catch (OperationCanceledException)
            {
                pull.Error = new("repo", "the pull was cancelled");
            }
            catch (DatasetException e)
            {
                pull.Error = new(e.Field, e.Message);
            }
            catch (HubException e)
            {
                pull.Error = new("repo", e.Message);
            }
            catch (Exception e)
            {
                pull.Error = new("repo", $"the pull failed: {e.Message}");
            }
            finally
            {
                pull.Ended = true;
            }
        });
        return pull;
    }

    public DatasetPull? Find(Guid id) => _pulls.GetValueOrDefault(id);

    public IReadOnlyList<DatasetPull> List() => [.. _pulls.Values.OrderByDescending(p => p.StartedAt)];

    private void Forget()
    {
        foreach (var old in _pulls.Values.Where(p => p.Ended).OrderByDescending(p => p.StartedAt).Skip(Kept))
            _pulls.TryRemove(old.Id, out _);
    }
}

/// <summary>One background dataset pull: its progress as the hub client reports it, then its datasets or its error.</summary>
public sealed class DatasetPull(Guid id, string repoId, string? revision, string requestedBy, DateTimeOffset startedAt, CancellationTokenSource cancel)
{
    public Guid Id { get; } = id;
    public string RepoId { get; } = repoId;
    public string? Revision { get; } = revision;
    public string RequestedBy { get; } = requestedBy;
    public DateTimeOffset StartedAt { get; } = startedAt;
    internal CancellationTokenSource Cancel { get; } = cancel;
    internal Task Task { get; set; } = Task.CompletedTask;
    public PullProgress? Progress { get; internal set; }
    public IReadOnlyList<DatasetImportResult>? Results { get; internal set; }
    public (string Field, string Message)? Error { get; internal set; }
    public bool Ended { get; internal set; }

    /// <summary>running | done | failed.</summary>
    public string State => !Ended ? "running" : Error is null ? "done" : "failed";

    /// <summary>Stops a running pull; false once it has ended.</summary>
    public bool Stop()
    {
        if (Ended) return false;
        Cancel.Cancel();
        return true;
    }
}
