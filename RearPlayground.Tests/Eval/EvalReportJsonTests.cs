using System.Text.Json.Nodes;
using RearPlayground.Worker.Eval;

namespace RearPlayground.Tests.Eval;

/// <summary>
/// The eval report's JSON has one declaration (<see cref="EvalReportData"/>): what it writes is the JSON the CLI and
/// stored evaluations always had, it reads back without loss, and reports stored before later fields still read.
/// </summary>
public class EvalReportJsonTests
{
    // EvalReport.Serialize(EvalReportSample.Result()) as written by the anonymous-object writer the records replaced.
    private const string Frozen = """
        {"model":"stories260K","device":"cpu","dataset":"/data/items.jsonl","settings":{"methods":["greedy","bon-rear"],"n":8,"m":2,"maxTokens":48,"lambda":7.5,"gamma":0.9,"aggregation":"min","stepTokens":12,"maxSteps":6,"stop":null,"seed":42,"separator":"\n\n","bootstrap":200,"limit":2},"methods":{"greedy":{"run":"greedy","scorer":"rear","items":2,"passed":1,"passRate":0.5,"ci":{"lo":0,"hi":1,"level":0.95},"meanWords":8,"meanTokens":9.5,"meanScore":"-Infinity","meanRearScore":-2.125,"totalMs":250.5,"meanMs":125.25},"bon-rear":{"run":"bon-rear","scorer":"rear","items":2,"passed":2,"passRate":1,"ci":{"lo":1,"hi":1,"level":0.95},"meanWords":2.5,"meanTokens":2.5,"meanScore":1.125,"meanRearScore":1.125,"totalMs":990.25,"meanMs":495.125}},"best":{"methods":["bon-rear"],"passRate":1,"tie":false,"text":"Best method: bon-rear (100.0%)"},"warnings":["dvts-rear, 1 of 2 items: a warning with \u0022quotes\u0022 and \u003Chtml\u003E"],"items":[{"index":0,"line":1,"id":"pets-1","question":"Name a pet.","preference":"Short.","mustMention":["cat","dog"],"maxWords":10,"answers":{"greedy":{"text":"A cat, surely.","pass":true,"mentioned":true,"mentionedWord":"cat","withinWords":true,"words":4,"tokens":5,"finishReason":"eos","candidate":0,"score":-0.25,"rearScore":-0.5,"ms":120.5},"bon-rear":{"text":"My cat.","pass":true,"mentioned":true,"mentionedWord":"cat","withinWords":true,"words":4,"tokens":3,"finishReason":"eos","candidate":2,"score":1.5,"rearScore":1.5,"ms":480.25}}},{"index":1,"line":3,"id":null,"question":"Tell a story.","preference":"About the sea.","mustMention":null,"maxWords":null,"answers":{"greedy":{"text":"The sea was grey and wide and cold and far.","pass":false,"mentioned":null,"mentionedWord":null,"withinWords":false,"words":12,"tokens":14,"finishReason":"length","candidate":0,"score":"-Infinity","rearScore":-3.75,"ms":130},"bon-rear":{"text":"Waves.","pass":true,"mentioned":null,"mentionedWord":null,"withinWords":true,"words":1,"tokens":2,"finishReason":"eos","candidate":5,"score":0.75,"rearScore":0.75,"ms":510}}}],"totalMs":1250.75}
        """;

    [Fact]
    public void Serialize_writes_the_json_the_report_always_had()
    {
        var json = EvalReport.Serialize(EvalReportSample.Result());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(Frozen), JsonNode.Parse(json)), json);
        Assert.Equal(Frozen, json); // same field order too
    }

    [Fact]
    public void A_stored_report_reads_back_whole_and_writes_the_same_json()
    {
        var report = EvalReportData.Parse(Frozen);
        Assert.Equal(Frozen, report.ToJson()); // nothing lost, and Ordered and Best are not written
        var s = report.Settings;
        Assert.Equal((0.9, "min", 6, "\n\n"), (s.Gamma, s.Aggregation, s.MaxSteps, s.Separator));
        var best = report.StoredBest!;
        Assert.Equal(["bon-rear"], best.Methods);
        Assert.Equal((1.0, false, "Best method: bon-rear (100.0%)"), (best.PassRate, best.Tie, best.Text));
        Assert.Equal(["greedy", "bon-rear"], report.Ordered.Select(m => m.Method));
        Assert.Equal(double.NegativeInfinity, report.Items[1].Answers["greedy"].Score);
        Assert.Equal("Best method: bon-rear (100.0%)", report.Best!.Text);
    }

    // A report as stored before best, warnings, gamma, aggregation, maxSteps and separator were written.
    private const string Older = """
        {"model":"stories260K","device":"cpu","dataset":"items.jsonl",
         "settings":{"methods":["greedy","bon-rear"],"n":16,"m":4,"maxTokens":64,"lambda":20,"stepTokens":null,"stop":null,"seed":0,"bootstrap":2000,"limit":null},
         "methods":{"greedy":{"run":"greedy","scorer":"rear","items":1,"passed":0,"passRate":0,"ci":{"lo":0,"hi":0,"level":0.95},"meanWords":3,"meanTokens":4,"meanScore":-1,"meanRearScore":-1,"totalMs":10,"meanMs":10},
                    "bon-rear":{"run":"bon-rear","scorer":"rear","items":1,"passed":1,"passRate":1,"ci":{"lo":1,"hi":1,"level":0.95},"meanWords":2,"meanTokens":3,"meanScore":0.5,"meanRearScore":0.5,"totalMs":40,"meanMs":40}},
         "items":[{"index":0,"line":1,"id":null,"question":"Name a pet.","preference":"Short.","mustMention":["cat"],"maxWords":null,
                   "answers":{"greedy":{"text":"A dog.","pass":false,"mentioned":false,"mentionedWord":null,"withinWords":null,"words":2,"tokens":4,"finishReason":"eos","candidate":0,"score":-1,"rearScore":-1,"ms":10},
                              "bon-rear":{"text":"A cat.","pass":true,"mentioned":true,"mentionedWord":"cat","withinWords":null,"words":2,"tokens":3,"finishReason":"eos","candidate":3,"score":0.5,"rearScore":0.5,"ms":40}}}],
         "totalMs":50}
        """;

    [Fact]
    public void A_report_stored_before_best_warnings_and_the_later_settings_still_reads()
    {
        var report = EvalReportData.Parse(Older);
        Assert.Empty(report.Warnings);
        Assert.Null(report.StoredBest);
        var s = report.Settings;
        Assert.Equal((20.0, 2000), (s.Lambda, s.Bootstrap));
        Assert.Equal<object?>([null, null, null, null], [s.Gamma, s.Aggregation, s.MaxSteps, s.Separator]);
        Assert.Equal("Best method: bon-rear (100.0%)", report.Best!.Text); // worked out from the summaries
        Assert.Equal("bon-rear (100.0%)", EvalReportData.BestOf(Older)!.Short);
        Assert.Equal("cat", Assert.Single(report.Items).Answers["bon-rear"].MentionedWord);
        Assert.Equal(50, report.TotalMs);
    }
}
