using System.Text.Json;
using RearPlayground.Tests.Engine.Chat;
using RearPlayground.Tests.Support;
using RearPlayground.Worker.Engine;
using RearPlayground.Worker.Search;
using RearPlayground.Worker.Search.Dvts;
using RearPlayground.Worker.Search.Events;

namespace RearPlayground.Tests.Search;

/// <summary>
/// A DVTS request that leaves the step rule unset gets one chosen for its model: token steps for a plain language
/// model (stories260K never writes the "\n\n" that would end a step), the blank line for a chat model. What a request
/// sets is kept, and runStarted carries the rule that ran.
/// </summary>
public sealed class DefaultStepRuleTests : IDisposable
{
    private static readonly SearchRequest Dvts = new("Once upon a time", "Tom was a cat who loved to eat fish.", Method: "dvts");
    private readonly TempModelFolder _chat = new();

    public void Dispose() => _chat.Dispose();

    // stories260K's weights under a ChatML template: a chat model as far as the step rule is concerned.
    private LanguageModel LoadChatModel()
    {
        foreach (var f in new[] { "model.onnx", "tokenizer.model", "config.json" })
            File.Copy(Path.Combine(SharedModels.Stories, f), Path.Combine(_chat.Path, f));
        _chat.WriteFile("tokenizer_config.json", JsonSerializer.Serialize(new { chat_template = ChatMlFixtures.SmolLm2, eos_token = "<|im_end|>" }));
        var model = LanguageModel.Load(_chat.Path, DeviceKind.Cpu);
        Assert.True(model.IsChatModel);
        return model;
    }

    private static RunStarted Started(LanguageModel model, SearchRequest request)
    {
        var events = new List<SearchEvent>();
        SearchRunner.Run(model, request, events.Add);
        return Assert.IsType<RunStarted>(events[0]);
    }

    [Fact]
    public void The_story_model_steps_every_16_tokens_and_runStarted_says_so()
    {
        var model = SharedModels.StoriesCpu;
        Assert.False(model.IsChatModel);
        var ran = Started(model, Dvts with { N = 4, M = 2, MaxTokens = 64 }).Request;
        Assert.Equal((16, "\n\n"), (ran.StepTokens, ran.Stop));
    }

    [Fact]
    public void A_chat_model_ends_its_steps_at_a_blank_line()
    {
        using var model = LoadChatModel();
        var ran = Started(model, Dvts with { N = 2, M = 2, MaxTokens = 8 }).Request;
        Assert.Equal((null, "\n\n"), (ran.StepTokens, ran.Stop));
    }

    [Fact]
    public void What_the_request_sets_is_kept()
    {
        using var chat = LoadChatModel();
        var story = SharedModels.StoriesCpu;
        Assert.Equal((null, "."), Pair(DefaultStepRule.Resolve(story, Dvts with { Stop = "." })));
        Assert.Equal((null, ""), Pair(DefaultStepRule.Resolve(story, Dvts with { Stop = "" })));
        Assert.Equal((5, "\n\n"), Pair(DefaultStepRule.Resolve(chat, Dvts with { StepTokens = 5 })));
        Assert.Equal((7, "x"), Pair(DefaultStepRule.Resolve(story, Dvts with { StepTokens = 7, Stop = "x" })));
        // Other methods have no steps: nothing is filled in for them.
        Assert.Equal((null, null), Pair(DefaultStepRule.Resolve(story, Dvts with { Method = "bon" })));
    }

    [Theory]
    [InlineData(128, 16)]
    [InlineData(64, 16)]
    [InlineData(32, 8)]
    [InlineData(10, 3)]
    [InlineData(1, 1)]
    public void Token_steps_are_short_enough_for_several_steps(int maxTokens, int stepTokens)
    {
        Assert.Equal(stepTokens, DefaultStepRule.TokensFor(maxTokens));
        Assert.Equal(stepTokens, DefaultStepRule.Resolve(SharedModels.StoriesCpu, Dvts with { MaxTokens = maxTokens }).StepTokens);
    }

    private static (int?, string?) Pair(SearchRequest r) => (r.StepTokens, r.Stop);
}
