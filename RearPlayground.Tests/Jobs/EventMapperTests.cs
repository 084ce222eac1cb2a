using System.Text.Json;
using System.Text.Json.Nodes;
using RearPlayground.Data.Entities;
using RearPlayground.Data.Runs;
using RearPlayground.Tests.Data;
using RearPlayground.Tests.Support;
using RearPlayground.Worker.Search;
using RearPlayground.Worker.Search.Events;
using RearPlayground.Worker.Contracts;
using RearPlayground.Worker.Events;

namespace RearPlayground.Tests.Jobs;

/// <summary>Real searches of stories260K mapped to store writes: the rows equal what the search itself returned.</summary>
public class EventMapperTests
{
    private static readonly DateTimeOffset At = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private static readonly SearchRequest Bon = new("Once upon a time", "Tom was a cat who loved to eat fish.", N: 4, MaxTokens: 16, Seed: 4);
    private static readonly SearchRequest Dvts = Bon with { Method = "dvts", N = 8, M = 2, StepTokens = 4, MaxTokens = 32 };

    private static (SearchResult Result, List<SearchEvent> Events, List<EventWrite> Writes) Run(SearchRequest request)
    {
        var events = new List<SearchEvent>();
        var result = SearchRunner.Run(SharedModels.StoriesCpu, request, events.Add);
        var mapper = new EventMapper(Guid.NewGuid()) { ModelHash = "abc123" };
        return (result, events, events.Select(e => mapper.Map(e, At)).ToList());
    }

    // The writes stored as the job stores them, then read back as every reader reads them.
    private static async Task<(IReadOnlyList<TreeNodeEntity> Nodes, IReadOnlyList<CandidateEntity> Candidates)> StoreAsync(
        TempDatabase db, IReadOnlyList<EventWrite> writes)
    {
        var run = await db.CreateRunAsync(RunStatus.Running);
        await db.Store.AppendBatchAsync(run.Id, writes);
        return (await db.Store.NodesAsync(run.Id), await db.Store.CandidatesAsync(run.Id));
    }

    [Theory]
    [InlineData("bon")]
    [InlineData("dvts")]
    public async Task Rows_equal_the_search_result_and_each_token_is_written_once(string method)
    {
        var (result, events, writes) = Run(method == "bon" ? Bon : Dvts);

        // During the run a write is its event alone; the run row changes with the start only. No write has node rows: a
        // node is its nodeExpanded event, and the terminal write's candidates carry no arrays (they are the path's).
        Assert.All(writes, w => Assert.Empty(w.Nodes));
        Assert.All(writes.SkipLast(1), w => Assert.Empty(w.Candidates));
        Assert.All(writes.Skip(1).SkipLast(1), w => Assert.Null(w.UpdateRun));
        Assert.Equal(events.Select(_ => At), writes.Select(w => w.At!.Value));
        Assert.All(writes[^1].Candidates, c => Assert.Equal((TreeNodeEntity.InEvent, TreeNodeEntity.InEvent, TreeNodeEntity.InEvent),
            (c.TokenIdsJson, c.LogProbsWithoutJson, c.LogProbsWithJson)));

        // Read back: one node per NodeExpanded with its final kept flag and arrays, equal to the result's tree.
        await using var db = await TempDatabase.CreateAsync();
        var (rows, candidates) = await StoreAsync(db, writes);
        Assert.Equal(result.Tree.Select(n => n.Id), rows.Select(n => n.NodeId));
        var nodes = rows.ToDictionary(n => n.NodeId);
        foreach (var n in result.Tree)
        {
            var row = nodes[n.Id];
            Assert.Equal((n.ParentId, n.Subtree, n.Depth, n.Text, n.Score, n.Kept), (row.ParentId, row.Subtree, row.Depth, row.Text, row.Score, row.Kept));
            Assert.Equal(EventMapper.Name(n.FinishReason), row.FinishReason);
            Assert.Equal(n.TokenIds, Read<int>(row.TokenIdsJson));
            Assert.Equal(n.LogProbsWith, Read<float>(row.LogProbsWithJson));
        }

        // One candidate per CandidateFinished; DVTS tokens and ℓ0/ℓp are the concatenation along the path, as the same
        // JSON text the rows held when they carried it.
        Assert.Equal(result.Candidates.Count, candidates.Count);
        foreach (var (c, row) in result.Candidates.Zip(candidates))
        {
            Assert.Equal((c.Index, c.NodeId, c.Text, c.Score), (row.Index, row.NodeId, row.Text, row.Score));
            Assert.Equal(JsonSerializer.Serialize(c.TokenIds, StoredJson.Options), row.TokenIdsJson);
            Assert.Equal(JsonSerializer.Serialize(c.LogProbsWithout, StoredJson.Options), row.LogProbsWithoutJson);
            Assert.Equal(JsonSerializer.Serialize(c.LogProbsWith, StoredJson.Options), row.LogProbsWithJson);
            Assert.Equal(EventMapper.Name(c.FinishReason), row.FinishReason);
        }
        if (method == "dvts") Assert.Contains(result.Candidates, c => nodes[c.NodeId].ParentId is not null);

        // Status updates: Running with device and hash at the start; Succeeded with counts, timings and best at the end.
        var final = writes[^1];
        var run = new RunEntity { Owner = "o", Model = "m", Method = method, Question = "q", RequestJson = "{}" };
        writes[0].UpdateRun!(run);
        Assert.Equal((RunStatus.Running, At, "cpu", "abc123"), (run.Status, run.StartedAt!.Value, run.Device!, run.ModelHash!));
        final.UpdateRun!(run);
        Assert.Equal((RunStatus.Succeeded, At, result.Best), (run.Status, run.FinishedAt!.Value, run.Best!.Value));
        Assert.Equal(result.Counts.GeneratedTokens, JsonNode.Parse(run.CountsJson!)!["generatedTokens"]!.GetValue<int>());
        Assert.Equal(result.Timings.TotalMs, JsonNode.Parse(run.TimingsJson!)!["totalMs"]!.GetValue<double>());
    }

    [Fact]
    public async Task A_run_cancelled_midway_keeps_the_rows_it_had_and_the_last_resort_end_has_none()
    {
        var events = new List<SearchEvent>();
        SearchRunner.Run(SharedModels.StoriesCpu, Dvts, events.Add);
        var mapper = new EventMapper(Guid.NewGuid());
        var upToSecondCandidate = events.TakeWhile((_, i) => events.Take(i).Count(e => e is CandidateFinished) < 2).ToList();
        var writes = upToSecondCandidate.Select(e => mapper.Map(e, At)).ToList();

        writes.Add(mapper.Map(new RunCancelled(), At));
        Assert.Equal(2, writes[^1].Candidates.Count);
        await using var db = await TempDatabase.CreateAsync();
        var (nodes, candidates) = await StoreAsync(db, writes);
        Assert.Equal(upToSecondCandidate.OfType<NodeExpanded>().Count(), nodes.Count);
        Assert.Equal(2, candidates.Count);
        Assert.All(candidates, c => Assert.True(nodes.Single(n => n.NodeId == c.NodeId).Kept));
        Assert.All(candidates, c => Assert.StartsWith("[", c.TokenIdsJson));

        var bare = EventMapper.Bare(new RunFailed("disk full"), At);
        Assert.Equal("runFailed", bare.Type);
        Assert.Empty(bare.Nodes);
        Assert.Empty(bare.Candidates);
        var run = new RunEntity { Owner = "o", Model = "m", Method = "dvts", Question = "q", RequestJson = "{}", Status = RunStatus.Running };
        bare.UpdateRun!(run);
        Assert.Equal((RunStatus.Failed, "disk full"), (run.Status, run.Error));
    }

    [Fact]
    public void Type_is_the_json_discriminator_and_payload_is_the_event_json()
    {
        var (_, events, writes) = Run(Dvts);
        foreach (var (e, w) in events.Zip(writes))
        {
            Assert.Equal(JsonNode.Parse(w.PayloadJson)!["type"]!.GetValue<string>(), w.Type);
            Assert.Equal(EventJson.Serialize(e), w.PayloadJson);
        }
        Assert.Equal("runStarted", writes[0].Type);
        Assert.Contains(writes, w => w.Type == "nodeSelected");
        Assert.Contains(writes, w => w.Type == "progress");
        Assert.Equal("runCancelled", EventMapper.TypeName(new RunCancelled()));
    }

    [Fact]
    public void Failure_and_cancellation_end_the_run()
    {
        var mapper = new EventMapper(Guid.NewGuid());
        var run = new RunEntity { Owner = "o", Model = "m", Method = "bon", Question = "q", RequestJson = "{}", Status = RunStatus.Running };
        mapper.Map(new RunFailed("boom"), At).UpdateRun!(run);
        Assert.Equal((RunStatus.Failed, "boom", At), (run.Status, run.Error!, run.FinishedAt!.Value));
        run.Status = RunStatus.Running;
        mapper.Map(new RunCancelled(), At.AddSeconds(1)).UpdateRun!(run);
        Assert.Equal((RunStatus.Cancelled, At.AddSeconds(1)), (run.Status, run.FinishedAt!.Value));
    }

    [Fact]
    public void A_run_cancelled_while_its_model_loaded_stays_cancelled_when_the_search_starts()
    {
        var (_, _, writes) = Run(Bon);
        var run = new RunEntity { Owner = "o", Model = "m", Method = "bon", Question = "q", RequestJson = "{}", Status = RunStatus.Cancelled };
        writes[0].UpdateRun!(run);
        Assert.Equal(RunStatus.Cancelled, run.Status);
    }

    private static T[] Read<T>(string json) => JsonSerializer.Deserialize<T[]>(json, StoredJson.Options)!;
}
