using RearPlayground.Worker.Engine;
using RearPlayground.Worker.Engine.Chat;
using static RearPlayground.Tests.Engine.Chat.ChatTestData;

namespace RearPlayground.Tests.Engine.Chat;

public class ChatMlTemplateTests
{
    private const string QwenDefault = "You are Qwen, created by Alibaba Cloud. You are a helpful assistant.";

    [Fact]
    public void Qwen25_IsChatMlWithItsDefaultSystemMessage()
    {
        var template = LoadTemplate(ChatMlFixtures.Qwen25, bosToken: null, eosToken: "<|im_end|>");

        var chatMl = Assert.IsType<ChatMlTemplate>(template);
        Assert.Equal(ChatTemplateKind.ChatMl, template.Kind);
        Assert.Equal(QwenDefault, chatMl.DefaultSystemMessage);
        Assert.False(template.IncludesBos);
        Assert.Equal(["<|im_end|>"], template.StopTokens);
    }

    [Fact]
    public void Qwen25_SystemAndUser() =>
        Assert.Equal(
            "<|im_start|>system\nYou are a pirate.<|im_end|>\n<|im_start|>user\nHello!<|im_end|>\n<|im_start|>assistant\n",
            LoadTemplate(ChatMlFixtures.Qwen25, null, "<|im_end|>").Format(SystemAndUser, addGenerationPrompt: true));

    [Fact]
    public void Qwen25_UserOnly_GetsTheDefaultSystemMessage() =>
        Assert.Equal(
            $"<|im_start|>system\n{QwenDefault}<|im_end|>\n<|im_start|>user\nHello!<|im_end|>\n<|im_start|>assistant\n",
            LoadTemplate(ChatMlFixtures.Qwen25, null, "<|im_end|>").Format(UserOnly, addGenerationPrompt: true));

    [Fact]
    public void Qwen25_MultiTurn_KeepsContentsUntrimmed() =>
        Assert.Equal(
            "<|im_start|>system\nYou are a pirate.<|im_end|>\n" +
            "<|im_start|>user\nWhat is 2+2?<|im_end|>\n" +
            "<|im_start|>assistant\n  Four, matey.  <|im_end|>\n" +
            "<|im_start|>user\nAnd 3+3?<|im_end|>\n" +
            "<|im_start|>assistant\n",
            LoadTemplate(ChatMlFixtures.Qwen25, null, "<|im_end|>").Format(MultiTurn, addGenerationPrompt: true));

    [Fact]
    public void Qwen3_HasNoDefaultSystem_AndMatchesChatMlForPrompts()
    {
        var template = Assert.IsType<ChatMlTemplate>(LoadTemplate(ChatMlFixtures.Qwen3, null, "<|im_end|>"));

        Assert.Null(template.DefaultSystemMessage);
        Assert.True(template.Qwen3Reasoning);
        Assert.Equal("<|im_start|>user\nHello!<|im_end|>\n<|im_start|>assistant\n", template.Format(UserOnly, true));
        Assert.Equal(
            "<|im_start|>system\nYou are a pirate.<|im_end|>\n<|im_start|>user\nWhat is 2+2?<|im_end|>\n" +
            "<|im_start|>assistant\n  Four, matey.  <|im_end|>\n<|im_start|>user\nAnd 3+3?<|im_end|>\n<|im_start|>assistant\n",
            template.Format(MultiTurn, true));
    }

    [Fact]
    public void Qwen3_ThinkBlocks_CutFromHistory_KeptOrAddedAfterTheLastQuestion()
    {
        var template = LoadTemplate(ChatMlFixtures.Qwen3, null, "<|im_end|>");
        ChatMessage[] messages =
        [
            ChatMessage.User("Q1"), ChatMessage.Assistant("<think>\nr1\n</think>\n\nA1"),
            ChatMessage.User("Q2"), ChatMessage.Assistant("A2"),
        ];

        Assert.Equal(
            "<|im_start|>user\nQ1<|im_end|>\n<|im_start|>assistant\nA1<|im_end|>\n" +
            "<|im_start|>user\nQ2<|im_end|>\n<|im_start|>assistant\n<think>\n\n</think>\n\nA2<|im_end|>\n",
            template.Format(messages, addGenerationPrompt: false));
    }

    [Fact]
    public void SmolLm2_UsesItsOwnDefaultSystemMessage()
    {
        var template = LoadTemplate(ChatMlFixtures.SmolLm2, "<|im_start|>", "<|im_end|>");

        Assert.Equal(ChatTemplateKind.ChatMl, template.Kind);
        Assert.False(template.IncludesBos); // bos_token is <|im_start|> but the template never writes it
        Assert.Equal(
            "<|im_start|>system\nYou are a helpful AI assistant named SmolLM, trained by Hugging Face<|im_end|>\n" +
            "<|im_start|>user\nHello!<|im_end|>\n<|im_start|>assistant\n",
            template.Format(UserOnly, addGenerationPrompt: true));
        Assert.Equal(
            "<|im_start|>system\nYou are a pirate.<|im_end|>\n<|im_start|>user\nHello!<|im_end|>\n<|im_start|>assistant\n",
            template.Format(SystemAndUser, addGenerationPrompt: true));
    }

    [Fact]
    public void Qwen2_DefaultIsTheShortOne()
    {
        var template = Assert.IsType<ChatMlTemplate>(LoadTemplate(ChatMlFixtures.Qwen2, null, "<|im_end|>"));
        Assert.Equal("You are a helpful assistant.", template.DefaultSystemMessage);
    }

    [Fact]
    public void OpenHermes_AddsNoSystemMessage_AndStopsAtEosToo()
    {
        var template = LoadTemplate(ChatMlFixtures.OpenHermes, "<s>", "</s>");

        Assert.Null(Assert.IsType<ChatMlTemplate>(template).DefaultSystemMessage);
        Assert.Equal(["<|im_end|>", "</s>"], template.StopTokens);
        Assert.Equal("<|im_start|>user\nHello!<|im_end|>\n<|im_start|>assistant\n",
            template.Format(UserOnly, addGenerationPrompt: true));
        Assert.Equal("<|im_start|>user\nHello!<|im_end|>\n", template.Format(UserOnly, addGenerationPrompt: false));
    }

    [Fact]
    public void ChatMlTemplateStartingWithBos_WritesIt()
    {
        var template = LoadTemplate("{{bos_token}}" + ChatMlFixtures.OpenHermes, "<s>", "<|im_end|>");

        Assert.True(template.IncludesBos);
        Assert.StartsWith("<s><|im_start|>user\n", template.Format(UserOnly, addGenerationPrompt: true));
    }

    [Fact]
    public void Phi4_SharesTheMarkersButIsNotChatMl() =>
        Assert.Throws<ModelLoadException>(() => LoadTemplate(ChatMlFixtures.Phi4, null, "<|im_end|>"));
}
