using AngleSharp.Dom;
using Bunit;
using Bunit.Rendering;
using Microsoft.AspNetCore.Components;
using RearPlayground.Web.Components.Pages.Playground;
using RearPlayground.Worker.Jobs;
using RearPlayground.Worker.Search.Events;

namespace RearPlayground.Tests.Web.Components.Playground;

/// <summary>The playground form: the API's validation messages inline, nothing submitted while invalid, M from N's divisors, examples.</summary>
public sealed class RunFormTests : MudTestContext
{
    private static readonly ModelInfo Stories = new("stories260K", "/models/stories260K",
        new ModelFacts("stories260K", 5, 4, 8, 512, 512, "Float", "None"), null);

    private readonly List<RunRequest> _submitted = [];

    private IRenderedComponent<ContainerFragment> RenderForm(RunFormModel model) => RenderWithPopovers(builder =>
    {
        builder.OpenComponent<RunForm>(0);
        builder.AddComponentParameter(1, nameof(RunForm.Model), model);
        builder.AddComponentParameter(2, nameof(RunForm.Models), new[] { Stories });
        builder.AddComponentParameter(3, nameof(RunForm.Limits), new RunLimits());
        builder.AddComponentParameter(4, nameof(RunForm.Examples), PlaygroundExamples.Default);
        builder.AddComponentParameter(5, nameof(RunForm.OnRun), EventCallback.Factory.Create<RunRequest>(this, r => _submitted.Add(r)));
        builder.CloseComponent();
    });

    private static RunFormModel Valid(string method = "bon") => new() { Model = "stories260K", Question = "Once upon a time", Method = method };

    private static IElement Input(IRenderedComponent<ContainerFragment> cut, string testId) => cut.Find($"[data-testid={testId}]");

    // Immediate inputs update on input events.
    private static void Type(IRenderedComponent<ContainerFragment> cut, string testId, string value) => Input(cut, testId).Input(value);

    [Fact]
    public void N_below_one_gets_the_apis_message_under_n()
    {
        var cut = RenderForm(Valid());
        Assert.DoesNotContain("n must be at least 1", cut.Markup);
        Type(cut, "n", "0");
        cut.WaitForAssertion(() => Assert.Contains("n must be at least 1", cut.Markup));
        Type(cut, "n", "8");
        cut.WaitForAssertion(() => Assert.DoesNotContain("n must be at least 1", cut.Markup));
    }

    [Fact]
    public void Too_many_tokens_get_the_limit_in_the_message()
    {
        var cut = RenderForm(Valid());
        Type(cut, "max-tokens", "100000");
        cut.WaitForAssertion(() => Assert.Contains("maxTokens must be at most 512", cut.Markup));
    }

    [Fact]
    public void Run_with_an_empty_question_shows_why_and_submits_nothing_then_a_valid_form_submits()
    {
        var model = Valid();
        model.Question = "";
        var cut = RenderForm(model);
        Assert.DoesNotContain("the question is required", cut.Markup); // untouched: no message yet

        cut.Find("[data-testid=run-button]").Click();
        cut.WaitForAssertion(() => Assert.Contains("the question is required", cut.Markup));
        Assert.Empty(_submitted);

        Type(cut, "question", "Once upon a time");
        cut.WaitForAssertion(() => Assert.DoesNotContain("the question is required", cut.Markup));
        cut.Find("[data-testid=run-button]").Click();
        cut.WaitForAssertion(() => Assert.Single(_submitted));
        Assert.Equal("Once upon a time", _submitted[0].Question);
        Assert.Equal("bon", _submitted[0].Method);
    }

    [Fact]
    public void A_new_n_that_m_does_not_divide_is_flagged_at_m()
    {
        var model = Valid("dvts");
        model.N = 16;
        model.M = 4;
        var cut = RenderForm(model);
        Type(cut, "n", "6");
        cut.WaitForAssertion(() => Assert.Contains("m must divide n: n = 6 is not a multiple of m = 4", cut.Markup));
        cut.Find("[data-testid=run-button]").Click();
        Assert.Empty(_submitted);
    }

    [Fact]
    public void M_offers_only_the_divisors_of_n()
    {
        var model = Valid("dvts");
        model.N = 12;
        var cut = RenderForm(model);
        Input(cut, "m").Closest(".mud-input-control")!.MouseDown(); // MudBlazor 9 opens a select on mouse down
        cut.WaitForAssertion(() =>
        {
            var items = cut.FindAll(".mud-popover-open .mud-list-item").Select(i => i.TextContent.Trim()).ToArray();
            Assert.Equal(["1", "2", "3", "4", "6", "12"], items);
        });
    }

    [Fact]
    public void An_example_chip_fills_question_and_preference()
    {
        var model = Valid();
        model.Question = "";
        var cut = RenderForm(model);
        var example = PlaygroundExamples.Default[1];

        cut.FindAll("[data-testid=example]")[1].Click();

        cut.WaitForAssertion(() => Assert.Equal(example.Preference, Input(cut, "preference").GetAttribute("value") ?? Input(cut, "preference").TextContent));
        Assert.Equal(example.Question, model.Question);
        Assert.Equal(example.Preference, model.Preference);
    }

    [Theory]
    [InlineData("greedy", "lambda max-tokens", "n m seed step-tokens")]
    [InlineData("bon", "lambda max-tokens n seed", "m step-tokens")]
    [InlineData("dvts", "lambda max-tokens n m seed step-tokens", "")]
    public void Each_method_shows_only_the_fields_it_uses(string method, string shown, string hidden)
    {
        var cut = RenderForm(Valid(method));
        foreach (var id in shown.Split(' ', StringSplitOptions.RemoveEmptyEntries)) Assert.NotEmpty(cut.FindAll($"[data-testid={id}]"));
        foreach (var id in hidden.Split(' ', StringSplitOptions.RemoveEmptyEntries)) Assert.Empty(cut.FindAll($"[data-testid={id}]"));
    }
}
