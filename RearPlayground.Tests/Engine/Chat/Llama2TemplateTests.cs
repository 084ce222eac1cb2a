using RearPlayground.Worker.Engine.Chat;
using static RearPlayground.Tests.Engine.Chat.ChatTestData;

namespace RearPlayground.Tests.Engine.Chat;

public class Llama2TemplateTests
{
    /// <summary>meta-llama/Llama-2-7b-chat-hf tokenizer_config.json chat_template.</summary>
    private const string Llama2Chat =
        """{% if messages[0]['role'] == 'system' %}{% set loop_messages = messages[1:] %}{% set system_message = messages[0]['content'] %}{% else %}{% set loop_messages = messages %}{% set system_message = false %}{% endif %}{% for message in loop_messages %}{% if (message['role'] == 'user') != (loop.index0 % 2 == 0) %}{{ raise_exception('Conversation roles must alternate user/assistant/user/assistant/...') }}{% endif %}{% if loop.index0 == 0 and system_message != false %}{% set content = '<<SYS>>\n' + system_message + '\n<</SYS>>\n\n' + message['content'] %}{% else %}{% set content = message['content'] %}{% endif %}{% if message['role'] == 'user' %}{{ bos_token + '[INST] ' + content.strip() + ' [/INST]' }}{% elif message['role'] == 'assistant' %}{{ ' '  + content.strip() + ' ' + eos_token }}{% endif %}{% endfor %}""";

    private static ChatTemplate Load() => LoadTemplate(Llama2Chat, "<s>", "</s>");

    [Fact]
    public void IsDetected_WritesBos_StopsAtEos()
    {
        var template = Load();

        Assert.Equal(ChatTemplateKind.Llama2, template.Kind);
        Assert.True(template.IncludesBos);
        Assert.Equal(["</s>"], template.StopTokens);
    }

    [Fact]
    public void SystemAndUser_SystemFoldedIntoFirstUserTurn() =>
        Assert.Equal("<s>[INST] <<SYS>>\nYou are a pirate.\n<</SYS>>\n\nHello! [/INST]",
            Load().Format(SystemAndUser, addGenerationPrompt: true));

    [Fact]
    public void UserOnlyPrompt() =>
        Assert.Equal("<s>[INST] Hello! [/INST]", Load().Format(UserOnly, addGenerationPrompt: true));

    [Fact]
    public void MultiTurn_BosPerUserTurn_AnswersStrippedAndClosed() =>
        Assert.Equal(
            "<s>[INST] <<SYS>>\nYou are a pirate.\n<</SYS>>\n\nWhat is 2+2? [/INST] Four, matey. </s><s>[INST] And 3+3? [/INST]",
            Load().Format(MultiTurn, addGenerationPrompt: true));

    [Fact]
    public void GenerationPromptFlagChangesNothing() =>
        Assert.Equal(Load().Format(SystemAndUser, true), Load().Format(SystemAndUser, false));

    [Fact]
    public void NonAlternatingRoles_AreRejectedLikeTheTemplate() =>
        Assert.Throws<ArgumentException>(() =>
            Load().Format([ChatMessage.User("a"), ChatMessage.User("b")], addGenerationPrompt: true));
}
