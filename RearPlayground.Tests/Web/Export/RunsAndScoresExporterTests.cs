using System.Text;
using System.Text.Json.Nodes;
using RearPlayground.Web.Export;
using static RearPlayground.Tests.Web.Export.ExportSamples;

namespace RearPlayground.Tests.Web.Export;

public sealed class RunsAndScoresExporterTests
{
    [Fact]
    public async Task Runs_export_as_one_JSON_array_of_full_runs_with_their_annotations()
    {
        var first = Run([Best("bob", 1, comment: "short, \"sweet\"")]);
        var second = Run([Rank("carol", "[0,1,2,3]"), Pair("carol", 1, 2, "tie")]);
        using var stream = new MemoryStream();

        await RunsExporter.WriteAsync(stream, [first, second]);

        var runs = JsonNode.Parse(Encoding.UTF8.GetString(stream.ToArray()))!.AsArray();
        Assert.Equal([first.Run.Id, second.Run.Id], runs.Select(r => r!["id"]!.GetValue<Guid>()));
        var run = runs[0]!;
        Assert.Equal(7.5, run["request"]!["lambda"]!.GetValue<double>());
        Assert.Equal(4, run["candidates"]!.AsArray().Count);
        Assert.Equal(Texts[1], run["candidates"]![1]!["text"]!.GetValue<string>());
        Assert.Single(run["tree"]!.AsArray());
        var annotation = Assert.Single(run["annotations"]!.AsArray())!;
        Assert.Equal(("bob", "best", 1, "short, \"sweet\""), (annotation["annotator"]!.GetValue<string>(), annotation["kind"]!.GetValue<string>(),
            annotation["value"]!.GetValue<int>(), annotation["comment"]!.GetValue<string>()));
        var annotations = runs[1]!["annotations"]!.AsArray();
        Assert.Equal([0, 1, 2, 3], annotations[0]!["value"]!.AsArray().Select(v => v!.GetValue<int>()));
        Assert.Equal("tie", annotations[1]!["value"]!["choice"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_empty_runs_export_is_an_empty_array()
    {
        using var stream = new MemoryStream();
        await RunsExporter.WriteAsync(stream, []);
        Assert.Empty(JsonNode.Parse(Encoding.UTF8.GetString(stream.ToArray()))!.AsArray());
    }

    [Fact]
    public void Scores_are_one_RFC_4180_row_per_candidate_that_reads_back()
    {
        var run = Run(
        [
            Best("bob", 2, comment: "best, by far"), Best("carol", 2), Rank("bob", "[2,0,1,3]"), Rank("carol", "[0,2,1,3]"),
            Pair("dan", 2, 0, "left"), Pair("dan", 0, 1, "tie"), Pair("dan", 3, 2, "left"),
            Comment("erin", "line one\nline \"two\""), Comment("erin", "too long", index: 1),
        ]);

        var rows = ParseCsv(string.Concat(ScoresCsvExporter.Lines([run])));

        Assert.Equal(ScoresCsvExporter.Columns, rows[0]);
        Assert.Equal(5, rows.Count);
        var byIndex = rows.Skip(1).Select(r => ScoresCsvExporter.Columns.Zip(r).ToDictionary(p => p.First, p => p.Second)).ToList();
        Assert.All(byIndex, r => Assert.Equal((run.Run.Id.ToString(), "stories260K", "bon", "7.5", Question, Preference),
            (r["run_id"], r["model"], r["method"], r["lambda"], r["question"], r["preference"])));
        Assert.Equal(Texts, byIndex.Select(r => r["text"]));
        Assert.Equal(["0", "1.25", "2.5", "-Infinity"], byIndex.Select(r => r["s_rear"]));
        Assert.Equal(["-2.5", "-1.25", "4", "eos"], [byIndex[0]["mean_l0"], byIndex[0]["mean_lp"], byIndex[0]["tokens"], byIndex[1]["finish_reason"]]);
        Assert.Equal(["false", "false", "true", "false"], byIndex.Select(r => r["is_best"]));

        var c2 = byIndex[2];
        Assert.Equal(("2", "1.5", "1", "1", "0"), (c2["best_votes"], c2["mean_rank"], c2["pair_wins"], c2["pair_losses"], c2["pair_ties"]));
        Assert.Equal("bob: best, by far", c2["comments"]);
        var c0 = byIndex[0];
        Assert.Equal(("0", "1.5", "0", "1", "1"), (c0["best_votes"], c0["mean_rank"], c0["pair_wins"], c0["pair_losses"], c0["pair_ties"]));
        Assert.Equal("erin: too long", byIndex[1]["comments"]);
        Assert.Equal("erin: line one\nline \"two\"", c0["run_comments"]);
    }

    [Fact]
    public void Unannotated_columns_stay_empty_and_fields_are_quoted_only_when_needed()
    {
        var rows = ParseCsv(string.Concat(ScoresCsvExporter.Lines([Run([], requestJson: "{}")])));
        Assert.All(rows.Skip(1), r => Assert.Equal("20", r[3])); // the request named no λ: the default
        Assert.All(rows.Skip(1), r => Assert.Equal("", r[Array.IndexOf(ScoresCsvExporter.Columns, "mean_rank")]));
        Assert.Equal("plain", Csv.Field("plain"));
        Assert.Equal("\"a,b\"", Csv.Field("a,b"));
        Assert.Equal("\"say \"\"hi\"\"\"", Csv.Field("say \"hi\""));
        Assert.Equal("\"x\ny\"", Csv.Field("x\ny"));
        Assert.Equal("", Csv.Field(null));
    }
}
