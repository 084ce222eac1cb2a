using AngleSharp.Dom;
using Bunit;
using Bunit.Rendering;
using Microsoft.AspNetCore.Components;
using RearPlayground.Tests.Support;
using RearPlayground.Tests.Web.Components;
using RearPlayground.Web.Components.Pages.Playground;
using RearPlayground.Web.Runs;
using RearPlayground.Worker.Engine;
using RearPlayground.Worker.Jobs;
using RearPlayground.Worker.Contracts;
using RearPlayground.Worker.Models;

namespace RearPlayground.Tests.Stress;

/// <summary>
/// Bad input in the Playground form, with the API's full checks (<see cref="RunChecks"/> on the real catalogue):
/// Run shows the message inline at the field and submits nothing; odd but valid text is submitted intact.
/// </summary>
public sealed class BadInputFormTests : MudTestContext
{
    private static readonly Lazy<RunChecks> Checks = new(() =>
    {
        var locator = new ModelLocator(SharedModels.Directories);
        var pool = new ModelPool(new ModelPoolOptions { DefaultDevice = DeviceKind.Cpu }, locator);
        return new RunChecks(new RunLimits(), new ModelNames(locator), new PromptFit(pool), pool);
    });

    private static readonly string ManyTokens = string.Concat(Enumerable.Repeat("a b c d e f g h i j ", 190));

    /// <summary>What to break, the field whose input shows the message (its data-testid), and a piece of the message.</summary>
    private static readonly IReadOnlyDictionary<string, (Action<RunFormModel> Break, string TestId, string Message)> Cases =
        new Dictionary<string, (Action<RunFormModel>, string, string)>
        {
            ["question empty"] = (m => m.Question = "", "question", "The question is required"),
            ["question whitespace"] = (m => m.Question = " \t\n ", "question", "The question is required"),
            ["question 100k characters"] = (m => m.Question = new string('x', 100_000), "question", "at most 4000 are allowed"),
            ["preference 100k characters"] = (m => m.Preference = new string('x', 100_000), "preference", "at most 4000 are allowed"),
            ["question past the model's positions"] = (m => m.Question = ManyTokens, "question", "positions"),
            ["preference past the model's positions"] = (m => m.Preference = ManyTokens, "preference", "positions"),
            ["maxTokens past the model's positions"] = (m => m.MaxTokens = 510, "max-tokens", "lower max tokens to"),
            ["lambda NaN"] = (m => m.Lambda = double.NaN, "lambda", "λ must be a number between"),
            ["lambda +Infinity"] = (m => m.Lambda = double.PositiveInfinity, "lambda", "λ must be a number between"),
            ["lambda 1e308"] = (m => m.Lambda = 1e308, "lambda", "λ must be a number between"),
            ["gamma NaN"] = (m => m.Gamma = double.NaN, "gamma", "γ must be in (0, 1]"),
            ["temperature -Infinity"] = (m => m.Temperature = double.NegativeInfinity, "temperature", "Temperature must be 0 (greedy)"),
            ["temperature 1e308"] = (m => m.Temperature = 1e308, "temperature", "Temperature must be 0 (greedy)"),
            ["n zero"] = (m => m.N = 0, "n", "N must be at least 1"),
            ["maxTokens zero"] = (m => m.MaxTokens = 0, "max-tokens", "Max tokens must be at least 1"),
            ["model a path"] = (m => m.Model = "../../etc", "model", "Unknown model"),
            ["model the server's folder"] = (m => m.Model = SharedModels.Stories, "model", "Unknown model"),
        };

    public static TheoryData<string> Names() => new(Cases.Keys);

    private readonly List<RunRequest> _submitted = [];
    private readonly List<string> _keys = [];

    private IRenderedComponent<ContainerFragment> RenderForm(RunFormModel model) => RenderWithPopovers(builder =>
    {
        builder.OpenComponent<RunForm>(0);
        builder.AddComponentParameter(1, nameof(RunForm.Model), model);
        builder.AddComponentParameter(2, nameof(RunForm.Models), Array.Empty<ModelInfo>());
        builder.AddComponentParameter(3, nameof(RunForm.OnRun), EventCallback.Factory.Create<RunFormSubmit>(this, s => { _submitted.Add(s.Request); _keys.Add(s.IdempotencyKey); }));
        builder.AddComponentParameter(4, nameof(RunForm.Check), (Func<RunRequest, Task<IReadOnlyDictionary<string, string[]>>>)(r => Checks.Value.ValidateAsync(r)));
        builder.CloseComponent();
    });

    private static RunFormModel Valid() => new() { Model = "stories260K", Question = "Once upon a time", Preference = "Tom was a cat.", N = 2, MaxTokens = 8 };

    [Theory]
    [MemberData(nameof(Names))]
    public void Run_shows_the_message_at_the_field_and_submits_nothing(string name)
    {
        var (breakIt, testId, message) = Cases[name];
        var model = Valid();
        breakIt(model);
        var cut = RenderForm(model);

        cut.Find("[data-testid=run-button]").Click();

        cut.WaitForAssertion(() => Assert.Contains(message, FieldText(cut, testId)), TimeSpan.FromSeconds(30));
        Assert.Empty(_submitted);
    }

    [Theory]
    [InlineData("Once upon a time 🐱🚀 👩‍👩‍👧", "Tom 🐟 loved fish.")]
    [InlineData("ذات مرة \u202Egnirts\u202C פעם אחת", "القط يحب السمك")]
    [InlineData("Once\tupon\u0007 a time\u0000", "\u001b[31mTom")]
    public void Odd_but_valid_text_is_submitted_intact(string question, string preference)
    {
        var model = Valid();
        model.Question = question;
        model.Preference = preference;
        var cut = RenderForm(model);

        cut.Find("[data-testid=run-button]").Click();

        cut.WaitForAssertion(() => Assert.Single(_submitted), TimeSpan.FromSeconds(30));
        Assert.Equal((question, preference), (_submitted[0].Question, _submitted[0].Preference));
    }

    // The text of the MudBlazor field around the input with this data-testid: its helper and error lines included.
    private static string FieldText(IRenderedComponent<ContainerFragment> cut, string testId)
    {
        IElement? element = cut.Find($"[data-testid={testId}]");
        while (element is not null && !(element.ClassList.Contains("mud-input-control") || element.ClassList.Contains("mud-select")))
            element = element.ParentElement;
        return element?.TextContent ?? "";
    }
}
