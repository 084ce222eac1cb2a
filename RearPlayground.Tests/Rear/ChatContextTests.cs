using System.Text.Json;
using RearPlayground.Tests.Engine.Chat;
using RearPlayground.Tests.Support;
using RearPlayground.Worker.Engine;
using RearPlayground.Worker.Engine.Chat;
using RearPlayground.Worker.Rear;

namespace RearPlayground.Tests.Rear;

/// <summary>Chat models: the preference becomes a system message and both contexts go through the template.</summary>
public sealed class ChatContextTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rear-chat-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Preference_is_a_system_message_in_the_with_context_only()
    {
        foreach (var f in new[] { "model.onnx", "tokenizer.model", "config.json" })
            File.Copy(Path.Combine(SharedModels.Stories, f), Path.Combine(_dir, f));
        File.WriteAllText(Path.Combine(_dir, "tokenizer_config.json"),
            JsonSerializer.Serialize(new { chat_template = ChatMlFixtures.SmolLm2, eos_token = "<|im_end|>" }));
        using var model = LanguageModel.Load(_dir, DeviceKind.Cpu);
        Assert.Equal(ChatTemplateKind.ChatMl, model.Chat.Kind);

        var contexts = ContextBuilder.Build(model, "Tell me a story.", "Answer briefly.");
        var expectedWith = model.Chat.Format([ChatMessage.System("Answer briefly."), ChatMessage.User("Tell me a story.")], true);
        var expectedWithout = model.Chat.Format([ChatMessage.User("Tell me a story.")], true);
        Assert.Equal(expectedWith, contexts.WithText);
        Assert.Equal(expectedWithout, contexts.WithoutText);
        Assert.Contains("<|im_start|>system\nAnswer briefly.<|im_end|>", contexts.WithText);
        Assert.DoesNotContain("Answer briefly.", contexts.WithoutText);
        Assert.EndsWith("<|im_start|>assistant\n", contexts.WithText);
        // ChatML writes no BOS and asks for none: the ids are exactly the formatted text's.
        Assert.Equal(model.Tokenizer.Encode(contexts.WithText), contexts.With);
        Assert.Equal(model.Tokenizer.Encode(contexts.WithoutText), contexts.Without);
    }

    [Fact]
    public void A_system_prompt_is_the_system_message_of_both_contexts_and_the_preference_follows_it()
    {
        foreach (var f in new[] { "model.onnx", "tokenizer.model", "config.json" })
            File.Copy(Path.Combine(SharedModels.Stories, f), Path.Combine(_dir, f));
        File.WriteAllText(Path.Combine(_dir, "tokenizer_config.json"),
            JsonSerializer.Serialize(new { chat_template = ChatMlFixtures.SmolLm2, eos_token = "<|im_end|>" }));
        using var model = LanguageModel.Load(_dir, DeviceKind.Cpu);

        var contexts = ContextBuilder.Build(model, "Tell me a story.", "Answer briefly.", system: "You are a storyteller.");
        Assert.Equal(model.Chat.Format([ChatMessage.System("You are a storyteller."), ChatMessage.User("Tell me a story.")], true), contexts.WithoutText);
        Assert.Equal(model.Chat.Format([ChatMessage.System("You are a storyteller.\n\nAnswer briefly."), ChatMessage.User("Tell me a story.")], true),
            contexts.WithText);
        Assert.Contains("<|im_start|>system\nYou are a storyteller.<|im_end|>", contexts.WithoutText);
        Assert.Contains("<|im_start|>system\nYou are a storyteller.\n\nAnswer briefly.<|im_end|>", contexts.WithText);
        Assert.Equal(model.Tokenizer.Encode(contexts.WithoutText), contexts.Without);
        Assert.Equal(model.Tokenizer.Encode(contexts.WithText), contexts.With);
        // Without one, the contexts are exactly what they were.
        var plain = ContextBuilder.Build(model, "Tell me a story.", "Answer briefly.");
        Assert.DoesNotContain("storyteller", plain.WithText + plain.WithoutText);
        Assert.Equal(model.Chat.Format([ChatMessage.User("Tell me a story.")], true), plain.WithoutText);
        // A system prompt and no preference: one context, with the system message.
        var noPreference = ContextBuilder.Build(model, "Tell me a story.", null, system: "You are a storyteller.");
        Assert.True(noPreference.Identical);
        Assert.Contains("You are a storyteller.", noPreference.WithoutText);
    }

    [Fact]
    public void Plain_models_put_the_system_prompt_first_in_both_contexts()
    {
        var model = SharedModels.StoriesCpu;
        var contexts = ContextBuilder.Build(model, "Lily went to the park", "It was sunny.", separator: "\n", system: "A story for children.");
        Assert.Equal("A story for children.\nLily went to the park", contexts.WithoutText);
        Assert.Equal("A story for children.\nIt was sunny.\nLily went to the park", contexts.WithText);
        Assert.Equal([1, .. model.Tokenizer.Encode(contexts.WithText)], contexts.With);
        Assert.Equal([1, .. model.Tokenizer.Encode(contexts.WithoutText)], contexts.Without);
    }

    [Fact]
    public void Plain_models_join_preference_separator_and_question_after_bos()
    {
        var model = SharedModels.StoriesCpu;
        Assert.False(model.IsChatModel);
        var contexts = ContextBuilder.Build(model, "Lily went to the park", "It was sunny.", separator: "\n");
        Assert.Equal("It was sunny.\nLily went to the park", contexts.WithText);
        Assert.Equal([1, .. model.Tokenizer.Encode("It was sunny.\nLily went to the park")], contexts.With);
        var same = ContextBuilder.Build(model, "Lily went to the park", null);
        Assert.True(same.Identical);
    }
}
