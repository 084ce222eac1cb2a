using RearPlayground.Data.Entities;
using RearPlayground.Web.Components.Pages.History;
using RearPlayground.Worker.Contracts;

namespace RearPlayground.Tests.Web.Components.History;

/// <summary>What the comparison page computes: differing settings, outcome rows, candidate ranking and display forms.</summary>
public sealed class CompareLogicTests
{
    private static readonly RunRequest Request = new() { Model = "stories260K", Method = "bon", Question = "q", N = 4, M = 2, Seed = 4 };

    [Fact]
    public void Only_the_settings_that_differ_are_marked()
    {
        var rows = RequestDiff.Settings(Request, Request with { N = 8, Lambda = -3.5, Separator = "\n\n", Question = "other" });

        Assert.Equal(["λ", "N", "separator"], rows.Where(r => r.Differs).Select(r => r.Name));
        var lambda = rows.Single(r => r.Name == "λ");
        Assert.Equal(("20", "-3.5"), (lambda.A, lambda.B));
        Assert.Equal(("\\n", "\\n\\n"), (rows.Single(r => r.Name == "separator").A, rows.Single(r => r.Name == "separator").B));
        Assert.Contains(rows, r => r.Name == "seed" && r.A == "4" && !r.Differs);
        Assert.DoesNotContain(RequestDiff.Settings(Request, Request), r => r.Differs);
    }

    [Fact]
    public void An_unreadable_request_shows_as_unknown_and_differs()
    {
        var rows = RequestDiff.Settings(Request, null);
        Assert.All(rows, r => Assert.Null(r.B));
        Assert.All(rows, r => Assert.True(r.Differs));
    }

    [Theory]
    [InlineData("", "(empty)")]
    [InlineData("a\tb\r\n", "a\\tb\\r\\n")]
    [InlineData("back\\slash", "back\\\\slash")]
    [InlineData("\u0001", "\\u0001")]
    public void Whitespace_settings_are_shown_escaped(string text, string shown) => Assert.Equal(shown, RequestDiff.Visible(text));

    [Fact]
    public void The_outcome_reads_stored_counts_and_timings_and_tolerates_missing_ones()
    {
        var t0 = new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
        var done = new RunEntity
        {
            Owner = "alice", Model = "m", Method = "bon", Question = "q", RequestJson = "{}", Status = RunStatus.Succeeded,
            CreatedAt = t0, StartedAt = t0.AddSeconds(1), FinishedAt = t0.AddSeconds(3.5), Device = "cpu",
            CountsJson = "{\"generatedTokens\":1234,\"scoredPositions\":10,\"forwardCalls\":7}",
            TimingsJson = "{\"prefixMs\":12.4,\"samplingMs\":1500,\"scoringMs\":0.4,\"totalMs\":2500}",
        };
        var queued = new RunEntity { Owner = "bob", Model = "m", Method = "bon", Question = "q", RequestJson = "{}", CountsJson = "not json" };

        var rows = RunOutcome.Rows(done, queued, 4, 0, t0.AddMinutes(1)).ToDictionary(r => r.Name);

        Assert.Equal(("succeeded", "queued"), (rows["status"].A, rows["status"].B));
        Assert.Equal(("2.5 s", "—"), (rows["duration"].A, rows["duration"].B));
        Assert.Equal(("1,234", "—"), (rows["generated tokens"].A, rows["generated tokens"].B));
        Assert.Equal(("1.5 s", "—"), (rows["sampling"].A, rows["sampling"].B));
        Assert.Equal("12 ms", rows["prefix"].A);
        Assert.Equal(("4", "0"), (rows["candidates"].A, rows["candidates"].B));
        Assert.False(rows.ContainsKey("error"));
    }

    [Fact]
    public void Candidates_rank_by_stored_score_with_minus_infinity_last()
    {
        static CandidateEntity C(int index, double score) => new()
        {
            Index = index, Text = "", TokenIdsJson = "[]", LogProbsWithoutJson = "[]", LogProbsWithJson = "[]", Score = score, FinishReason = "eos",
        };

        var ranked = CompareCandidates.Rank([C(0, double.NegativeInfinity), C(1, 2), C(2, double.NaN), C(3, 5), C(4, 2)]);

        Assert.Equal([3, 1, 4, 0, 2], ranked.Select(c => c.Index));
    }

    [Theory]
    [InlineData(0.0123, "12 ms")]
    [InlineData(1.25, "1.3 s")]
    [InlineData(65, "1 min 05 s")]
    [InlineData(3725, "1 h 02 min")]
    public void Durations_read_at_a_glance(double seconds, string shown) => Assert.Equal(shown, Durations.Format(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void Scores_and_long_texts_are_shortened_for_the_table()
    {
        Assert.Equal("−∞", Durations.Score(double.NegativeInfinity));
        Assert.Equal("—", Durations.Score(null));
        Assert.Equal("-1.500", Durations.Score(-1.5));
        Assert.Equal("one two", Durations.Shorten("one\n  two"));
        Assert.Equal("abcd…", Durations.Shorten("abcdefgh", 5));
        Assert.Equal("ab…", Durations.Shorten("ab😀defgh", 4)); // never half an emoji
    }
}
