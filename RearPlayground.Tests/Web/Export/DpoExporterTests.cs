using System.Text;
using System.Text.Json.Nodes;
using RearPlayground.Data.Annotations;
using RearPlayground.Web.Export;
using static RearPlayground.Tests.Web.Export.ExportSamples;

namespace RearPlayground.Tests.Web.Export;

public sealed class DpoExporterTests
{
    private static async Task<List<JsonObject>> LinesAsync(IEnumerable<AnnotatedRun> runs, RankPairs pairs = RankPairs.Adjacent)
    {
        using var stream = new MemoryStream();
        await DpoExporter.WriteAsync(stream, runs, pairs);
        var text = Encoding.UTF8.GetString(stream.ToArray());
        Assert.EndsWith("\n", text);
        // Every line is one JSON object: a newline inside a text is escaped, never a line break.
        return [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!.AsObject())];
    }

    [Fact]
    public async Task Best_gives_the_pick_over_every_other_candidate_in_the_standard_form_for_plain_models()
    {
        var run = Run([Best("bob", 2)], PlainStarted);

        var lines = await LinesAsync([run]);

        Assert.Equal([(2, 0), (2, 1), (2, 3)], lines.Select(l => (l["chosen_index"]!.GetValue<int>(), l["rejected_index"]!.GetValue<int>())));
        var first = lines[0];
        Assert.Equal(Question, first["prompt"]!.GetValue<string>()); // the question alone: no preference in the prompt
        Assert.Equal(Texts[2], first["chosen"]!.GetValue<string>());
        Assert.Equal(Texts[0], first["rejected"]!.GetValue<string>());
        Assert.Equal(Preference, first["preference"]!.GetValue<string>());
        Assert.Equal(7.5, first["lambda"]!.GetValue<double>());
        Assert.Equal(2.5, first["chosen_score"]!.GetValue<double>());
        Assert.Equal(0.0, first["rejected_score"]!.GetValue<double>());
        Assert.Equal("-Infinity", lines[2]["rejected_score"]!.GetValue<string>()); // candidate 3 scored −∞
        Assert.Equal((run.Run.Id, "bob", "best", "stories260K"), (first["run_id"]!.GetValue<Guid>(), first["annotator"]!.GetValue<string>(),
            first["kind"]!.GetValue<string>(), first["model"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Chat_models_get_the_conversational_form_without_a_system_message()
    {
        var lines = await LinesAsync([Run([Best("bob", 1)], ChatMlStarted)]);

        var prompt = lines[0]["prompt"]!.AsArray();
        var message = Assert.Single(prompt)!.AsObject();
        Assert.Equal(("user", Question), (message["role"]!.GetValue<string>(), message["content"]!.GetValue<string>()));
        var chosen = Assert.Single(lines[0]["chosen"]!.AsArray())!;
        Assert.Equal(("assistant", Texts[1]), (chosen["role"]!.GetValue<string>(), chosen["content"]!.GetValue<string>()));
        Assert.Equal("assistant", lines[0]["rejected"]![0]!["role"]!.GetValue<string>());
        Assert.Equal(Preference, lines[0]["preference"]!.GetValue<string>()); // kept as its own field
    }

    [Fact]
    public async Task A_rank_gives_adjacent_pairs_by_default_or_all_pairs()
    {
        var run = Run([Rank("bob", "[3,1,0,2]")]);

        var adjacent = await LinesAsync([run]);
        var all = await LinesAsync([run], RankPairs.All);

        Assert.Equal([(3, 1), (1, 0), (0, 2)], adjacent.Select(l => (l["chosen_index"]!.GetValue<int>(), l["rejected_index"]!.GetValue<int>())));
        Assert.Equal([(3, 1), (3, 0), (3, 2), (1, 0), (1, 2), (0, 2)], all.Select(l => (l["chosen_index"]!.GetValue<int>(), l["rejected_index"]!.GetValue<int>())));
        Assert.All(all, l => Assert.Equal("rank", l["kind"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_pair_gives_the_judged_pair_ties_and_comments_give_nothing_and_runs_without_a_start_are_plain()
    {
        var run = Run([Pair("bob", 3, 1, "left"), Pair("bob", 0, 2, "right"), Pair("carol", 0, 1, "tie"), Comment("carol", "hm, \"fine\"")]);

        var lines = await LinesAsync([run]);

        Assert.Equal([(3, 1), (2, 0)], lines.Select(l => (l["chosen_index"]!.GetValue<int>(), l["rejected_index"]!.GetValue<int>())));
        Assert.All(lines, l => Assert.Equal(Question, l["prompt"]!.GetValue<string>()));
        Assert.Equal(Texts[2], lines[1]["chosen"]!.GetValue<string>()); // markup and non-ASCII round-trip as text
    }

    [Fact]
    public void Nothing_to_export_writes_nothing()
    {
        Assert.Empty(DpoExporter.Records([Run([Comment("bob", "no judgement")])]));
        Assert.Empty(DpoExporter.Records([]));
    }
}
