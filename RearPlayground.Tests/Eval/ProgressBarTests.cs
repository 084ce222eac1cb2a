using RearPlayground.Worker.Eval;

namespace RearPlayground.Tests.Eval;

public class ProgressBarTests
{
    [Fact]
    public void A_terminal_gets_one_redrawn_line()
    {
        var w = new StringWriter();
        var bar = new ProgressBar(w, interactive: true);
        bar.Report(new EvalProgress(1, 2, "bon-rear", 1, 2));
        bar.Report(new EvalProgress(2, 2, "greedy", 2, 2));
        bar.Finish(2);
        var text = w.ToString();
        Assert.Equal(3, text.Count(c => c == '\r'));
        Assert.Equal(1, text.Count(c => c == '\n'));
        Assert.Contains("item 2/2 · greedy · 75%", text);
        Assert.Contains("2 items done", text);
    }

    [Fact]
    public void A_pipe_gets_plain_lines_at_most_once_per_interval()
    {
        var w = new StringWriter();
        var bar = new ProgressBar(w, interactive: false, TimeSpan.FromHours(1));
        for (var i = 1; i <= 5; i++) bar.Report(new EvalProgress(i, 5, "greedy", 1, 1));
        bar.Finish(5);
        var lines = w.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length); // the first report and the final line
        Assert.DoesNotContain('\r', w.ToString());
        Assert.StartsWith("eval: item 1/5 · greedy · 0%", lines[0]);
    }
}
