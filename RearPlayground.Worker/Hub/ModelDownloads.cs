using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RearPlayground.Worker.Engine;

namespace RearPlayground.Worker.Hub;

/// <summary>
/// The pulls of this process, run in the background (POST /api/models/pull and the models page start them; GET and
/// the page read their progress). The same repository, revision and variant asked again while it runs is the same
/// pull. The last <see cref="Keep"/> ended pulls are remembered for the page.
/// </summary>
public sealed class ModelDownloads(HubSettings settings, ILogger<ModelDownloads>? logger = null)
{
    public const int Keep = 20;
    private readonly object _gate = new();
    private readonly List<ModelDownload> _all = [];
    private readonly ILogger _logger = logger ?? (ILogger)NullLogger.Instance;

    public HubSettings Settings { get; } = settings;

    /// <summary>Raised when a pull starts or changes, for pages listing them.</summary>
    public event Action<ModelDownload>? Changed;

    /// <summary>Starts (or joins) a pull. Throws <see cref="ArgumentException"/> for a malformed repository id.</summary>
    public ModelDownload Start(string repoId, string? revision, string? variant, string requestedBy)
    {
        repoId = repoId?.Trim() ?? "";
        if (!HubCache.IsRepoId(repoId)) throw new ArgumentException($"'{repoId}' is not a repository id: use ORG/NAME, e.g. onnx-community/SmolLM2-135M-Instruct-ONNX");
        revision = string.IsNullOrWhiteSpace(revision) ? null : revision.Trim();
        variant = string.IsNullOrWhiteSpace(variant) ? null : variant.Trim();
        ModelDownload download;
        lock (_gate)
        {
            if (_all.FirstOrDefault(d => !d.Progress.Ended && d.Same(repoId, revision, variant)) is { } running) return running;
            download = new ModelDownload(repoId, revision, variant, requestedBy);
            _all.Insert(0, download);
            var ended = _all.Where(d => d.Progress.Ended).Skip(Keep).ToList();
            foreach (var old in ended) _all.Remove(old);
        }
        download.Changed += d => Changed?.Invoke(d);
        download.Task = Task.Run(() => RunAsync(download));
        Changed?.Invoke(download);
        return download;
    }

    public ModelDownload? Find(Guid id)
    {
        lock (_gate) return _all.FirstOrDefault(d => d.Id == id);
    }

    /// <summary>Newest first.</summary>
    public IReadOnlyList<ModelDownload> List()
    {
        lock (_gate) return [.. _all];
    }

    /// <summary>False when there is no such pull or it has ended.</summary>
    public bool Cancel(Guid id)
    {
        var download = Find(id);
        if (download is null || download.Progress.Ended) return false;
        download.Cancel();
        return true;
    }

    /// <summary>Waits for a pull to end (tests, shutdown).</summary>
    public Task WhenEnded(ModelDownload download) => download.Task;

    private async Task RunAsync(ModelDownload download)
    {
        var progress = new SyncProgress(download.Report);
        try
        {
            using var client = new HubClient(Settings);
            download.Result = await new ModelPuller(client, new HubCache(Settings.CacheFolder))
                .PullAsync(download.RepoId, download.Revision, download.Variant, progress, download.Token);
        }
        catch (OperationCanceledException) when (download.Token.IsCancellationRequested)
        {
            download.Report(download.Progress with { State = PullState.Cancelled, SecondsLeft = null, BytesPerSecond = 0 });
        }
        catch (Exception e)
        {
            if (e is not HubException) _logger.LogWarning(e, "pull of {Repo} failed", download.RepoId);
            download.Report(download.Progress with { State = PullState.Failed, Error = e.Message.Split('\n')[0], SecondsLeft = null, BytesPerSecond = 0 });
        }
    }

    private sealed class SyncProgress(Action<PullProgress> report) : IProgress<PullProgress>
    {
        public void Report(PullProgress value) => report(value);
    }
}
