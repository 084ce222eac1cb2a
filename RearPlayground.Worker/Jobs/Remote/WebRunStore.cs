using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using RearPlayground.Data.Entities;
using RearPlayground.Data.Runs;
using RearPlayground.Worker.Events;

namespace RearPlayground.Worker.Jobs.Remote;

/// <summary>
/// The run store of a worker on another machine: the part a <see cref="RunJob"/> uses, through the web app's
/// <c>/api/worker/runs</c> (the web app alone writes the run database). Each write goes as the search's event JSON;
/// the web app maps it to rows with its own <see cref="EventMapper"/>. What only the worker knows (the model's hash, why
/// a cancelled run stopped) is read off the write's run update and sent with the event. Reading the run (the job's
/// cancel poll, every 2 s) renews the worker's lease on it. History, annotations and GenRM ranks are the web app's.
/// </summary>
public sealed class WebRunStore(WebApi api) : IRunStore
{
    // Events sent so far per run: the next batch's position in the run's stream.
    private readonly ConcurrentDictionary<Guid, long> _sent = new();

    public async Task<RunEntity?> FindAsync(Guid id, CancellationToken cancellationToken = default)
    {
        using var response = await api.SendAsync(web => new HttpRequestMessage(HttpMethod.Get, Run(web, id)), cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        await EnsureAsync(response, id);
        return await response.Content.ReadFromJsonAsync<RunEntity>(cancellationToken);
    }

    public async Task<long> AppendAsync(Guid runId, EventWrite write, CancellationToken cancellationToken = default) =>
        await AppendBatchAsync(runId, [write], cancellationToken);

    public async Task<long> AppendBatchAsync(Guid runId, IReadOnlyList<EventWrite> writes, CancellationToken cancellationToken = default)
    {
        var from = _sent.GetValueOrDefault(runId);
        var batch = new RemoteBatch(from, writes.Select(Describe).ToList());
        using var response = await api.SendAsync(web => new HttpRequestMessage(HttpMethod.Post, Run(web, runId, "/events"))
        {
            Content = JsonContent.Create(batch),
        }, cancellationToken);
        await EnsureAsync(response, runId);
        var appended = await response.Content.ReadFromJsonAsync<RemoteAppended>(cancellationToken)
                       ?? throw new InvalidOperationException("the web app's answer was empty");
        _sent[runId] = from + writes.Count;
        if (writes.Count > 0 && RunEndEvents.TerminalTypes.Contains(writes[^1].Type)) _sent.TryRemove(runId, out _);
        return appended.First;
    }

    public IRunAppender OpenAppender(Guid runId) => new BatchAppender(this, runId);

    public async Task<bool> TryFinishAsync(Guid id, RunStatus status, string? error, CancellationToken cancellationToken = default)
    {
        _sent.TryRemove(id, out _);
        using var response = await api.SendAsync(web => new HttpRequestMessage(HttpMethod.Post, Run(web, id, "/finish"))
        {
            Content = JsonContent.Create(new RemoteFinish(status, error)),
        }, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Conflict) return false;
        await EnsureAsync(response, id);
        return true;
    }

    // The event as the worker has it, plus the run fields only the worker can fill.
    private static RemoteEvent Describe(EventWrite write)
    {
        if (write.UpdateRun is null) return new RemoteEvent(write.Type, write.PayloadJson, write.At);
        var scratch = new RunEntity { Owner = "", Model = "", Method = "", Question = "", RequestJson = "", Status = RunStatus.Running };
        write.UpdateRun(scratch);
        return new RemoteEvent(write.Type, write.PayloadJson, write.At, scratch.ModelHash, scratch.Error);
    }

    private static Uri Run(Uri web, Guid id, string tail = "") => new(web, $"{RemoteWire.RunsPath}/{id}{tail}");

    private static async Task EnsureAsync(HttpResponseMessage response, Guid runId)
    {
        if (response.IsSuccessStatusCode) return;
        var body = await response.Content.ReadAsStringAsync();
        throw new HttpRequestException($"the web app refused run {runId}'s request: {(int)response.StatusCode} {body}", null, response.StatusCode);
    }

    // The web app's side of the history: not a worker's business.
    private static NotSupportedException WebOnly() => new("a worker on another machine stores runs through the web app: this is the web app's");
    public Task CreateAsync(RunEntity run, CancellationToken cancellationToken = default) => throw WebOnly();
    public Task<RunCreation> CreateOnceAsync(RunEntity run, TimeSpan window, CancellationToken cancellationToken = default) => throw WebOnly();
    public Task SetJobIdAsync(Guid id, string jobId, CancellationToken cancellationToken = default) => throw WebOnly();
    public Task<IReadOnlyList<RunEventEntity>> EventsAsync(Guid runId, long afterSequence = 0, CancellationToken cancellationToken = default) => throw WebOnly();
    public Task<IReadOnlyList<TreeNodeEntity>> NodesAsync(Guid runId, CancellationToken cancellationToken = default) => throw WebOnly();
    public Task<IReadOnlyList<CandidateEntity>> CandidatesAsync(Guid runId, CancellationToken cancellationToken = default) => throw WebOnly();
    public Task<IReadOnlyList<CandidateEntity>> BaselinesAsync(Guid runId, CancellationToken cancellationToken = default) => throw WebOnly();
    public Task<(IReadOnlyList<RunEntity> Items, int Total)> ListAsync(RunQuery query, CancellationToken cancellationToken = default) => throw WebOnly();
    public Task<bool> RequestCancelAsync(Guid id, CancellationToken cancellationToken = default) => throw WebOnly();
    public Task<int> MarkInterruptedAsync(IEnumerable<RunStatus> fromStatuses, CancellationToken cancellationToken = default) => throw WebOnly();
    public Task<long> AddAnnotationAsync(AnnotationEntity annotation, CancellationToken cancellationToken = default) => throw WebOnly();
    public Task<IReadOnlyList<AnnotationEntity>> AnnotationsAsync(Guid runId, CancellationToken cancellationToken = default) => throw WebOnly();
    public Task<RunDeletion> DeleteAsync(Guid id, string? onlyOwner, CancellationToken cancellationToken = default) => throw WebOnly();
    public Task<IReadOnlyDictionary<Guid, RunListExtras>> ListExtrasAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken = default) => throw WebOnly();
    public Task<RunFacets> FacetsAsync(CancellationToken cancellationToken = default) => throw WebOnly();
    public Task SetGenRmScoresAsync(Guid runId, IReadOnlyDictionary<int, double> scores, CancellationToken cancellationToken = default) => throw WebOnly();
}

/// <summary>The web app publishes a remote worker's events itself, once it has stored them.</summary>
public sealed class StoredByWebApp : IRunEventPublisher
{
    public Task PublishBatchAsync(Guid runId, IReadOnlyList<PublishedEvent> events, CancellationToken ct = default) => Task.CompletedTask;
}
