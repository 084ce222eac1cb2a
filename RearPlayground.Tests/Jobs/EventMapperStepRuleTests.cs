using System.Text.Json;
using System.Text.Json.Nodes;
using RearPlayground.Data.Entities;
using RearPlayground.Tests.Support;
using RearPlayground.Worker.Search;
using RearPlayground.Worker.Search.Events;
using RearPlayground.Worker.Contracts;
using RearPlayground.Worker.Events;

namespace RearPlayground.Tests.Jobs;

/// <summary>
/// What the mapper writes on the run row for DVTS's step rule and warnings: the stored request gains the rule that ran,
/// the finish stores the warnings, and a remote worker's scratch row (no request) is left alone.
/// </summary>
public class EventMapperStepRuleTests
{
    private static readonly DateTimeOffset At = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private static readonly RunRequest Request = new()
    {
        Model = "stories260K", Method = "dvts", Question = "Once upon a time", Preference = "Tom was a cat who loved to eat fish.", N = 4, M = 2, MaxTokens = 8,
    };

    private static RunEntity Apply(RunRequest request, string requestJson)
    {
        var events = new List<SearchEvent>();
        SearchRunner.Run(SharedModels.StoriesCpu, request.ToSearchRequest(), events.Add);
        var mapper = new EventMapper(Guid.NewGuid());
        var run = new RunEntity { Owner = "", Model = "", Method = "dvts", Question = "", RequestJson = requestJson, Status = RunStatus.Queued };
        foreach (var e in events) mapper.Map(e, At).UpdateRun?.Invoke(run);
        return run;
    }

    [Fact]
    public void The_stored_request_gets_the_step_rule_that_ran_and_keeps_the_rest()
    {
        var run = Apply(Request, JsonSerializer.Serialize(Request, Worker.Contracts.StoredJson.Options));
        var stored = JsonNode.Parse(run.RequestJson)!;
        Assert.Equal((2, "\n\n"), (stored["stepTokens"]!.GetValue<int>(), stored["stop"]!.GetValue<string>())); // 8 tokens: 4 steps of 2
        Assert.Equal(("Once upon a time", 4), (stored["question"]!.GetValue<string>(), stored["n"]!.GetValue<int>()));
        Assert.Null(run.WarningsJson);
    }

    [Fact]
    public void A_single_step_run_stores_its_warning_and_a_scratch_row_without_a_request_is_fine()
    {
        var run = Apply(Request with { StepTokens = 8 }, "");
        Assert.Equal("", run.RequestJson);
        // Stored as {code, message}, as the API answers it.
        var warning = Assert.Single(JsonNode.Parse(run.WarningsJson!)!.AsArray())!;
        Assert.Equal("single-step", warning["code"]!.GetValue<string>());
        Assert.Contains("single step", warning["message"]!.GetValue<string>());
    }
}
