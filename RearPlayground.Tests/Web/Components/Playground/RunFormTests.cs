using AngleSharp.Dom;
using Bunit;
using Bunit.Rendering;
using Microsoft.AspNetCore.Components;
using RearPlayground.Web.Components.Pages.Playground;
using RearPlayground.Web.Runs;
using RearPlayground.Worker.Jobs;
using RearPlayground.Worker.Search.Events;
using RearPlayground.Worker.Contracts;
using RearPlayground.Worker.Models;

namespace RearPlayground.Tests.Web.Components.Playground;

/// <summary>
/// The playground form: the API's validation messages inline (with the form's labels), nothing submitted while invalid,
/// one submit per click burst with a key kept until the form changes, M from N's divisors, examples.
/// </summary>
public sealed class RunFormTests : MudTestContext
{
    private static readonly ModelInfo Stories = new("stories260K", "/models/stories260K",
        new ModelFacts("stories260K", 5, 4, 8, 512, 512, "Float", "None"), null);

    private readonly List<RunRequest> _submitted = [];
    private readonly List<string> _keys = [];

    private IRenderedComponent<ContainerFragment> RenderForm(RunFormModel model,
        Func<RunRequest, Task<IReadOnlyDictionary<string, string[]>>>? check = null) => RenderWithPopovers(builder =>
    {
        builder.OpenComponent<RunForm>(0);
        builder.AddComponentParameter(1, nameof(RunForm.Model), model);
        builder.AddComponentParameter(2, nameof(RunForm.Models), new[] { Stories });
        builder.AddComponentParameter(3, nameof(RunForm.Limits), new RunLimits());
        builder.AddComponentParameter(4, nameof(RunForm.Examples), PlaygroundExamples.Default);
        builder.AddComponentParameter(5, nameof(RunForm.OnRun), EventCallback.Factory.Create<RunFormSubmit>(this, s => { _submitted.Add(s.Request); _keys.Add(s.IdempotencyKey); }));
        if (check is not null) builder.AddComponentParameter(6, nameof(RunForm.Check), check);
        builder.CloseComponent();
    });

    // The text of the MudBlazor field around the input with this data-testid: its helper and error lines included.
    private static string FieldText(IRenderedComponent<ContainerFragment> cut, string testId)
    {
        IElement? element = cut.Find($"[data-testid={testId}]");
        while (element is not null && !(element.ClassList.Contains("mud-input-control") || element.ClassList.Contains("mud-select")))
            element = element.ParentElement;
        return element?.TextContent ?? "";
    }

    private static RunFormModel Valid(string method = "bon") => new() { Model = "stories260K", Question = "Once upon a time", Method = method };

    private static IElement Input(IRenderedComponent<ContainerFragment> cut, string testId) => cut.Find($"[data-testid={testId}]");

    // Immediate inputs update on input events.
    private static void Type(IRenderedComponent<ContainerFragment> cut, string testId, string value) => Input(cut, testId).Input(value);

    [Fact]
    public void N_below_one_gets_the_apis_message_under_n()
    {
        var cut = RenderForm(Valid());
        Assert.DoesNotContain("N must be at least 1", cut.Markup);
        Type(cut, "n", "0");
        cut.WaitForAssertion(() => Assert.Contains("N must be at least 1", cut.Markup));
        Type(cut, "n", "8");
        cut.WaitForAssertion(() => Assert.DoesNotContain("N must be at least 1", cut.Markup));
    }

    [Fact]
    public void Too_many_tokens_get_the_limit_in_the_message()
    {
        var cut = RenderForm(Valid());
        Type(cut, "max-tokens", "100000");
        cut.WaitForAssertion(() => Assert.Contains("Max tokens must be at most 512", cut.Markup));
        Assert.DoesNotContain("maxTokens", string.Concat(cut.Nodes.Select(n => n.TextContent)));
    }

    [Theory]
    [InlineData("max-tokens", "0", "Max tokens must be at least 1")]
    [InlineData("n", "100000", "N must be at most")]
    [InlineData("lambda", "2000000", "λ must be a number between")]
    public void Messages_under_a_field_name_it_by_its_label_never_its_json_name(string testId, string value, string message)
    {
        var cut = RenderForm(Valid());
        Type(cut, testId, value);
        cut.WaitForAssertion(() => Assert.Contains(message, FieldText(cut, testId)));
        // What a reader sees (attributes aside: Blazor's own may hold anything).
        var shown = string.Concat(cut.Nodes.Select(n => n.TextContent));
        foreach (var json in new[] { "maxTokens", "topP", "topK", "stepTokens", "maxSteps" }) Assert.DoesNotContain(json, shown);
    }

    [Fact]
    public void A_message_of_the_full_checks_uses_labels_too()
    {
        // The prompt-fit message names maxTokens twice mid-sentence, beside the model's (an apostrophe, not a quote).
        Assert.Equal("The prompt (12 tokens) plus max tokens (510) exceeds the model's 512 positions: lower max tokens to 500 or shorten the prompt",
            FieldLabels.Humanize("maxTokens", PromptFit.Misfit(10, 12, 510, 512)!.Value.Message));
        Assert.Equal("M must divide N: N = 6 is not a multiple of M = 4", FieldLabels.Humanize("m", "m must divide n: n = 6 is not a multiple of m = 4"));
        Assert.Equal("Tokens per step must be at least 1 when set", FieldLabels.Humanize("stepTokens", "stepTokens must be at least 1 when set"));
        // A quoted value is the user's own text: left as typed.
        Assert.Equal("Unknown scorer 'topP': use rear, likelihood, genrm", FieldLabels.Humanize("scorer", "unknown scorer 'topP': use rear, likelihood, genrm"));
    }

    [Fact]
    public void Two_clicks_while_the_checks_run_submit_once()
    {
        var checks = new TaskCompletionSource<IReadOnlyDictionary<string, string[]>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = 0;
        var cut = RenderForm(Valid(), _ => { calls++; return checks.Task; });

        cut.Find("[data-testid=run-button]").Click();
        // The button is disabled at once; a click that was already on its way is ignored as well.
        cut.WaitForAssertion(() => Assert.True(cut.Find("[data-testid=run-button]").HasAttribute("disabled")));
        cut.Find("[data-testid=run-button]").Click(); // bunit still dispatches it, as a browser's queued second click
        checks.SetResult(new Dictionary<string, string[]>());

        cut.WaitForAssertion(() => Assert.Single(_submitted));
        cut.WaitForAssertion(() => Assert.False(cut.Find("[data-testid=run-button]").HasAttribute("disabled")));
        Assert.Single(_submitted);
        Assert.Equal(1, calls);
    }

    [Fact]
    public void A_retry_of_an_unchanged_form_sends_the_same_key_and_an_edit_a_new_one()
    {
        var cut = RenderForm(Valid());
        cut.Find("[data-testid=run-button]").Click();
        cut.WaitForAssertion(() => Assert.Single(_keys));
        cut.Find("[data-testid=run-button]").Click();
        cut.WaitForAssertion(() => Assert.Equal(2, _keys.Count));
        Assert.Equal(_keys[0], _keys[1]);

        Type(cut, "question", "Once upon a time there was a cat");
        cut.Find("[data-testid=run-button]").Click();
        cut.WaitForAssertion(() => Assert.Equal(3, _keys.Count));
        Assert.NotEqual(_keys[0], _keys[2]);
        Assert.All(_keys, k => Assert.Null(IdempotencyKeys.Problem(k)));
    }

    [Fact]
    public void Run_with_an_empty_question_shows_why_and_submits_nothing_then_a_valid_form_submits()
    {
        var model = Valid();
        model.Question = "";
        var cut = RenderForm(model);
        Assert.DoesNotContain("The question is required", cut.Markup); // untouched: no message yet

        cut.Find("[data-testid=run-button]").Click();
        cut.WaitForAssertion(() => Assert.Contains("The question is required", cut.Markup));
        Assert.Empty(_submitted);

        Type(cut, "question", "Once upon a time");
        cut.WaitForAssertion(() => Assert.DoesNotContain("The question is required", cut.Markup));
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
        cut.WaitForAssertion(() => Assert.Contains("M must divide N: N = 6 is not a multiple of M = 4", cut.Markup));
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
