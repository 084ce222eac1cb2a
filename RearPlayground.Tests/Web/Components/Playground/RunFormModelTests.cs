using RearPlayground.Web.Components.Pages.Playground;
using RearPlayground.Worker.Contracts;
using RearPlayground.Worker.Rear;
using RearPlayground.Worker.Search;

namespace RearPlayground.Tests.Web.Components.Playground;

/// <summary>The form's model: the API's defaults and validation, N's divisors for M, escapes for line breaks, examples.</summary>
public sealed class RunFormModelTests
{
    [Fact]
    public void Defaults_are_the_apis_and_a_request_round_trips()
    {
        var defaults = new RunRequest();
        var form = new RunFormModel { Model = "stories260K", Question = "Once upon a time" };
        var request = form.ToRequest();
        Assert.Equal(defaults with { Model = "stories260K", Question = "Once upon a time", Method = "bon" }, request);
        Assert.Null(request.Preference); // an empty box is no preference

        var stored = request with { Method = "dvts", N = 12, M = 3, StepTokens = 4, Preference = "a cat", Lambda = -3.5, Stop = "\n" };
        Assert.Equal(stored, RunFormModel.From(stored).ToRequest());
    }

    [Fact]
    public void Validation_is_the_apis()
    {
        var limits = new RunLimits();
        var form = new RunFormModel { Model = "stories260K", Question = "", N = 0, MaxTokens = 100_000 };
        var errors = form.Validate(limits);
        Assert.Equal(form.ToRequest().Validate(limits).Keys.Order(), errors.Keys.Order());
        Assert.Contains("question", errors.Keys);
        Assert.Contains("n", errors.Keys);
        Assert.Contains("maxTokens", errors.Keys);

        form = new RunFormModel { Model = "stories260K", Question = "q", Method = "dvts", N = 6, M = 4 };
        Assert.Equal(["m"], form.Validate(limits).Keys);
        form.M = 3;
        Assert.Empty(form.Validate(limits));
    }

    [Fact]
    public void M_may_only_be_a_divisor_of_n_within_the_limit()
    {
        Assert.Equal([1, 2, 3, 4, 6, 12], RunFormModel.Divisors(12, 64));
        Assert.Equal([1, 2, 4], RunFormModel.Divisors(16, 4));
        Assert.Equal([1, 7], RunFormModel.Divisors(7, 64));
        Assert.Empty(RunFormModel.Divisors(0, 64));
    }

    [Fact]
    public void Each_method_shows_only_the_fields_it_uses()
    {
        var form = new RunFormModel { Method = "greedy" };
        Assert.DoesNotContain("n", form.VisibleFields());
        Assert.DoesNotContain("m", form.VisibleFields());
        form.Method = "bon";
        Assert.Contains("n", form.VisibleFields());
        Assert.DoesNotContain("stepTokens", form.VisibleFields());
        form.Method = "dvts";
        Assert.Superset(new HashSet<string> { "n", "m", "stepTokens", "stop", "maxSteps" }, form.VisibleFields().ToHashSet());
    }

    [Theory]
    [InlineData("\n\n", @"\n\n")]
    [InlineData("a\tb\\c", @"a\tb\\c")]
    [InlineData("", "")]
    public void Line_breaks_are_edited_as_escapes(string text, string shown)
    {
        Assert.Equal(shown, TextEscapes.Show(text));
        Assert.Equal(text, TextEscapes.Parse(shown));
    }

    [Fact]
    public void Unknown_escapes_and_a_trailing_backslash_stay_as_typed() =>
        Assert.Equal(@"a\qb\", TextEscapes.Parse(@"a\qb\"));

    [Fact]
    public void The_shipped_story_set_gives_a_few_examples()
    {
        var examples = PlaygroundExamples.Default;
        Assert.InRange(examples.Count, 3, 5);
        Assert.Equal("tom cat fish", examples[0].Label);
        Assert.Equal("Once upon a time", examples[0].Question);
        Assert.Equal("Tom was a cat who loved to eat fish.", examples[0].Preference);
        Assert.Empty(PlaygroundExamples.Load("no-such-file.jsonl"));
    }

    [Fact]
    public void The_forms_scorers_and_aggregations_are_the_engines_and_each_passes_the_apis_checks()
    {
        Assert.Equal(SearchRequest.Scorers, RunFormModel.Scorers);
        Assert.Equal(Enum.GetValues<Aggregation>(), RunFormModel.Aggregations.Select(AggregationParser.Parse));
        foreach (var scorer in RunFormModel.Scorers)
            Assert.DoesNotContain("scorer", new RunFormModel { Model = "stories260K", Question = "Q", Scorer = scorer }.ToRequest().Validate(new RunLimits()).Keys);
        foreach (var agg in RunFormModel.Aggregations)
            Assert.DoesNotContain("agg", new RunFormModel { Model = "stories260K", Question = "Q", Agg = agg }.ToRequest().Validate(new RunLimits()).Keys);
    }
}
