using System.Text;
using System.Text.Json.Nodes;
using RearPlayground.Data.Annotations;
using RearPlayground.Web.Export;
using static RearPlayground.Tests.Web.Export.ExportSamples;

namespace RearPlayground.Tests.Web.Export;

public sealed class DpoExporterTests
{
    private static async Task<List<JsonObject>> LinesAsync(IEnumerable<AnnotatedRun> runs, RankPairs pairs = RankPairs.Adjacent, bool raw = false)
    {
        using var stream = new MemoryStream();
        await DpoExporter.WriteAsync(stream, DpoExporter.Plans(runs, pairs), raw);
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
        Assert.Equal((run.Run.Id, "stories260K"), (first["run_id"]!.GetValue<Guid>(), first["model"]!.GetValue<string>()));
        Assert.Equal(["bob"], first["annotators"]!.AsArray().Select(a => a!.GetValue<string>()));
        Assert.Equal(["best"], first["kinds"]!.AsArray().Select(a => a!.GetValue<string>()));
        Assert.Equal((1, 0), (first["votes_for"]!.GetValue<int>(), first["votes_against"]!.GetValue<int>()));
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
        Assert.All(all, l => Assert.Equal("rank", Assert.Single(l["kinds"]!.AsArray())!.GetValue<string>()));
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

    /// <summary>
    /// alice: best #2 (2>0, 2>1, 2>3), 0>1, and 2>1 again; bob: 0>2, 2>1, 1>0; carol: 2>3, 2>0. Per unordered pair:
    /// {0,2} 2>0 by alice and carol against bob; {1,2} 2>1 (alice once, though twice judged, and bob); {2,3} 2>3;
    /// {0,1} alice against bob, a tie: dropped.
    /// </summary>
    private static AnnotatedRun ThreeAnnotators() => Run([
        Best("alice", 2), Pair("alice", 0, 1, "left"), Pair("alice", 2, 1, "left"),
        Pair("bob", 0, 2, "left"), Pair("bob", 1, 2, "right"), Pair("bob", 1, 0, "left"),
        Pair("carol", 3, 2, "right"), Pair("carol", 0, 2, "right"),
    ]);

    private static (int, int) Indices(JsonObject l) => (l["chosen_index"]!.GetValue<int>(), l["rejected_index"]!.GetValue<int>());

    [Fact]
    public async Task Each_pair_is_written_once_by_majority_ties_between_annotators_dropped_and_the_summary_counts_them()
    {
        var run = ThreeAnnotators();

        var lines = await LinesAsync([run]);
        var summary = DpoSummary.Of(DpoExporter.Plans([run], RankPairs.Adjacent), raw: false);

        Assert.Equal([(2, 0), (2, 1), (2, 3)], lines.Select(Indices));
        var contested = lines[0];
        Assert.Equal(["alice", "carol"], contested["annotators"]!.AsArray().Select(a => a!.GetValue<string>()));
        Assert.Equal((2, 1), (contested["votes_for"]!.GetValue<int>(), contested["votes_against"]!.GetValue<int>()));
        Assert.Equal(["best", "pair"], contested["kinds"]!.AsArray().Select(a => a!.GetValue<string>()));
        // alice judged 2>1 twice: still one vote.
        Assert.Equal((2, 0), (lines[1]["votes_for"]!.GetValue<int>(), lines[1]["votes_against"]!.GetValue<int>()));
        Assert.Equal(new DpoSummary(Judgements: 10, Pairs: 3, Merged: 5, Contested: 1, Dropped: 1, DroppedJudgements: 2, Raw: false), summary);
        Assert.Equal("3 DPO pairs from 10 judgements: 5 merged into a pair already written; 1 contested pair decided by majority; " +
            "1 tied pair dropped (2 judgements).", summary.Describe());
    }

    [Fact]
    public async Task Raw_mode_keeps_every_judgement_contradictions_and_repeats_included()
    {
        var run = ThreeAnnotators();

        var lines = await LinesAsync([run], raw: true);

        Assert.Equal([(2, 0), (2, 1), (2, 3), (0, 1), (2, 1), (0, 2), (2, 1), (1, 0), (2, 3), (2, 0)], lines.Select(Indices));
        Assert.Equal(["alice", "alice", "alice", "alice", "alice", "bob", "bob", "bob", "carol", "carol"],
            lines.Select(l => l["annotator"]!.GetValue<string>()));
        Assert.Equal(run.Annotations[0].Id, lines[0]["annotation_id"]!.GetValue<long>());
        Assert.Equal("best", lines[0]["kind"]!.GetValue<string>());
        Assert.Equal(new DpoSummary(10, 10, 0, 0, 0, 0, true), DpoSummary.Of(DpoExporter.Plans([run], RankPairs.Adjacent), raw: true));
    }

    [Fact]
    public void Nothing_to_export_writes_nothing()
    {
        Assert.Empty(DpoExporter.Records([Run([Comment("bob", "no judgement")])]));
        Assert.Empty(DpoExporter.Records([]));
    }
}
