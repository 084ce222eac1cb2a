using System.Text.Json;
using System.Text.Json.Nodes;
using RearPlayground.Data.Entities;
using RearPlayground.Data.Runs;
using RearPlayground.Tests.Support;
using RearPlayground.Worker.Cli;
using RearPlayground.Worker.Jobs;
using RearPlayground.Worker.Search;
using RearPlayground.Worker.Search.Events;

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

    [Theory]
    [InlineData("bon")]
    [InlineData("dvts")]
    public void Rows_equal_the_search_result_and_are_written_once_with_the_terminal_event(string method)
    {
        var (result, events, writes) = Run(method == "bon" ? Bon : Dvts);

        // During the run a write is its event alone: no rows, and the run row changes with the start only.
        Assert.All(writes.SkipLast(1), w => Assert.Empty(w.Nodes));
        Assert.All(writes.SkipLast(1), w => Assert.Empty(w.Candidates));
        Assert.All(writes.Skip(1).SkipLast(1), w => Assert.Null(w.UpdateRun));
        Assert.Equal(events.Select(_ => At), writes.Select(w => w.At!.Value));

        // The terminal write: one node row per NodeExpanded with its final kept flag, equal to the result's tree.
        var final = writes[^1];
        Assert.Equal(result.Tree.Select(n => n.Id), final.Nodes.Select(n => n.NodeId));
        var nodes = final.Nodes.ToDictionary(n => n.NodeId);
        var expanded = events.OfType<NodeExpanded>().ToDictionary(n => n.NodeId);
        foreach (var n in result.Tree)
        {
            var row = nodes[n.Id];
            Assert.Equal((n.ParentId, n.Subtree, n.Depth, n.Text, n.Score, n.Kept), (row.ParentId, row.Subtree, row.Depth, row.Text, row.Score, row.Kept));
            Assert.Equal(EventMapper.Name(n.FinishReason), row.FinishReason);
            // The arrays stay in the nodeExpanded event: stored once, not again in the row.
            Assert.Equal((TreeNodeEntity.InEvent, TreeNodeEntity.InEvent, TreeNodeEntity.InEvent), (row.TokenIdsJson, row.LogProbsWithoutJson, row.LogProbsWithJson));
            Assert.Equal(n.TokenIds, expanded[n.Id].TokenIds);
            Assert.Equal(n.LogProbsWith, expanded[n.Id].LogProbsWith);
        }

        // One candidate row per CandidateFinished; DVTS tokens and ℓ0/ℓp are the concatenation along the path.
        var candidates = final.Candidates.OrderBy(c => c.Index).ToList();
        Assert.Equal(result.Candidates.Count, candidates.Count);
        foreach (var (c, row) in result.Candidates.Zip(candidates))
        {
            Assert.Equal((c.Index, c.NodeId, c.Text, c.Score), (row.Index, row.NodeId, row.Text, row.Score));
            Assert.Equal(c.TokenIds, Read<int>(row.TokenIdsJson));
            Assert.Equal(c.LogProbsWithout, Read<float>(row.LogProbsWithoutJson));
            Assert.Equal(c.LogProbsWith, Read<float>(row.LogProbsWithJson));
            Assert.Equal(EventMapper.Name(c.FinishReason), row.FinishReason);
        }
        if (method == "dvts") Assert.Contains(result.Candidates, c => nodes[c.NodeId].ParentId is not null);

        // Status updates: Running with device and hash at the start; Succeeded with counts, timings and best at the end.
        var run = new RunEntity { Owner = "o", Model = "m", Method = method, Question = "q", RequestJson = "{}" };
        writes[0].UpdateRun!(run);
        Assert.Equal((RunStatus.Running, At, "cpu", "abc123"), (run.Status, run.StartedAt!.Value, run.Device!, run.ModelHash!));
        final.UpdateRun!(run);
        Assert.Equal((RunStatus.Succeeded, At, result.Best), (run.Status, run.FinishedAt!.Value, run.Best!.Value));
        Assert.Equal(result.Counts.GeneratedTokens, JsonNode.Parse(run.CountsJson!)!["generatedTokens"]!.GetValue<int>());
        Assert.Equal(result.Timings.TotalMs, JsonNode.Parse(run.TimingsJson!)!["totalMs"]!.GetValue<double>());
    }

    [Fact]
    public void A_run_cancelled_midway_keeps_the_rows_it_had_and_the_last_resort_end_has_none()
    {
        var events = new List<SearchEvent>();
        SearchRunner.Run(SharedModels.StoriesCpu, Dvts, events.Add);
        var mapper = new EventMapper(Guid.NewGuid());
        var upToSecondCandidate = events.TakeWhile((_, i) => events.Take(i).Count(e => e is CandidateFinished) < 2).ToList();
        foreach (var e in upToSecondCandidate) mapper.Map(e, At);

        var cancelled = mapper.Map(new RunCancelled(), At);
        Assert.Equal(upToSecondCandidate.OfType<NodeExpanded>().Count(), cancelled.Nodes.Count);
        Assert.Equal(2, cancelled.Candidates.Count);
        Assert.All(cancelled.Candidates, c => Assert.True(cancelled.Nodes.Single(n => n.NodeId == c.NodeId).Kept));

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

    private static T[] Read<T>(string json) => JsonSerializer.Deserialize<T[]>(json, RunJson.Options)!;
}
