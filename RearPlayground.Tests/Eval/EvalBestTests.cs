using System.Text.Json;
using RearPlayground.Worker.Eval;

namespace RearPlayground.Tests.Eval;

/// <summary>The eval report names a best method only when one pass rate is above the rest; a tie is called a tie.</summary>
public class EvalBestTests
{
    private static readonly string[] DefaultMethods = ["greedy", "bon-rear", "bon-l1", "bon-genrm", "dvts-rear"];

    [Fact]
    public async Task Five_tied_methods_are_a_tie_in_the_table_not_a_best_greedy()
    {
        var table = new StringWriter();
        await EvalReport.WriteTableAsync(table, EvalTieData.Result());
        var text = table.ToString();
        Assert.Contains("No single best method: greedy, bon-rear, bon-l1, bon-genrm, dvts-rear tie at 33.3%", text);
        Assert.DoesNotContain("Best method:", text);
        Assert.Contains("warning: dvts-rear, 3 of 3 items: " + EvalTieData.DvtsWarning, text);
    }

    [Fact]
    public void The_json_report_says_tie_and_lists_every_tied_method()
    {
        using var doc = JsonDocument.Parse(EvalReport.Serialize(EvalTieData.Result()));
        var best = doc.RootElement.GetProperty("best");
        Assert.True(best.GetProperty("tie").GetBoolean());
        Assert.Equal(DefaultMethods, best.GetProperty("methods").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal(1 / 3.0, best.GetProperty("passRate").GetDouble(), 12);
        Assert.StartsWith("No single best method", best.GetProperty("text").GetString());
        Assert.Equal("dvts-rear, 3 of 3 items: " + EvalTieData.DvtsWarning, Assert.Single(doc.RootElement.GetProperty("warnings").EnumerateArray()).GetString());
    }

    [Fact]
    public async Task One_method_above_the_rest_is_named_best_and_a_tie_below_it_does_not_matter()
    {
        var result = EvalTieData.Result(1 / 3.0, 2 / 3.0, 1 / 3.0, 1 / 3.0, 0);
        var best = result.Best!;
        Assert.Equal(["bon-rear"], best.Methods);
        Assert.Equal((2 / 3.0, false), (best.PassRate, best.Tie));
        var table = new StringWriter();
        await EvalReport.WriteTableAsync(table, result);
        Assert.Contains("Best method: bon-rear (66.7%)", table.ToString());
        using var doc = JsonDocument.Parse(EvalReport.Serialize(result));
        Assert.False(doc.RootElement.GetProperty("best").GetProperty("tie").GetBoolean());
    }

    [Fact]
    public void Two_of_five_sharing_the_top_rate_are_a_tie_of_two()
    {
        var best = EvalTieData.Result(0, 2 / 3.0, 1 / 3.0, 2 / 3.0, 0).Best!;
        Assert.True(best.Tie);
        Assert.Equal("No single best method: bon-rear, bon-genrm tie at 66.7%", best.Text);
        Assert.Equal("tie: bon-rear, bon-genrm (66.7%)", best.Short);
    }
}
