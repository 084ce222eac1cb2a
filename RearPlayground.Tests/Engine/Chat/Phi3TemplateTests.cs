using RearPlayground.Worker.Engine;
using RearPlayground.Worker.Engine.Chat;
using static RearPlayground.Tests.Engine.Chat.ChatTestData;

namespace RearPlayground.Tests.Engine.Chat;

public class Phi3TemplateTests
{
    /// <summary>microsoft/Phi-3-mini-4k-instruct (current revision).</summary>
    private const string Phi3Mini =
        """{% for message in messages %}{% if message['role'] == 'system' %}{{'<|system|>\n' + message['content'] + '<|end|>\n'}}{% elif message['role'] == 'user' %}{{'<|user|>\n' + message['content'] + '<|end|>\n'}}{% elif message['role'] == 'assistant' %}{{'<|assistant|>\n' + message['content'] + '<|end|>\n'}}{% endif %}{% endfor %}{% if add_generation_prompt %}{{ '<|assistant|>\n' }}{% else %}{{ eos_token }}{% endif %}""";

    /// <summary>microsoft/Phi-3.5-mini-instruct: skips an empty system message.</summary>
    private const string Phi35Mini =
        """{% for message in messages %}{% if message['role'] == 'system' and message['content'] %}{{'<|system|>\n' + message['content'] + '<|end|>\n'}}{% elif message['role'] == 'user' %}{{'<|user|>\n' + message['content'] + '<|end|>\n'}}{% elif message['role'] == 'assistant' %}{{'<|assistant|>\n' + message['content'] + '<|end|>\n'}}{% endif %}{% endfor %}{% if add_generation_prompt %}{{ '<|assistant|>\n' }}{% else %}{{ eos_token }}{% endif %}""";

    /// <summary>microsoft/Phi-3-small-8k-instruct: generic role tags, starts with bos_token.</summary>
    private const string Phi3Small =
        """{{ bos_token }}{% for message in messages %}{{'<|' + message['role'] + '|>' + '\n' + message['content'] + '<|end|>\n' }}{% endfor %}{% if add_generation_prompt %}{{ '<|assistant|>\n' }}{% else %}{{ eos_token }}{% endif %}""";

    /// <summary>microsoft/Phi-4-mini-instruct: no newline after the role tag, so not Phi-3.</summary>
    private const string Phi4Mini =
        """{% for message in messages %}{% if message['role'] == 'system' and 'tools' in message and message['tools'] is not none %}{{ '<|' + message['role'] + '|>' + message['content'] + '<|tool|>' + message['tools'] + '<|/tool|>' + '<|end|>' }}{% else %}{{ '<|' + message['role'] + '|>' + message['content'] + '<|end|>' }}{% endif %}{% endfor %}{% if add_generation_prompt %}{{ '<|assistant|>' }}{% else %}{{ eos_token }}{% endif %}""";

    private static ChatTemplate Load() => LoadTemplate(Phi3Mini, "<s>", "<|endoftext|>");

    [Fact]
    public void IsDetected_NoBos_StopsAtEndAndEos()
    {
        var template = Load();

        Assert.Equal(ChatTemplateKind.Phi3, template.Kind);
        Assert.False(template.IncludesBos);
        Assert.Equal(["<|end|>", "<|endoftext|>"], template.StopTokens);
    }

    [Fact]
    public void SystemAndUserPrompt() =>
        Assert.Equal("<|system|>\nYou are a pirate.<|end|>\n<|user|>\nHello!<|end|>\n<|assistant|>\n",
            Load().Format(SystemAndUser, addGenerationPrompt: true));

    [Fact]
    public void UserOnlyPrompt() =>
        Assert.Equal("<|user|>\nHello!<|end|>\n<|assistant|>\n", Load().Format(UserOnly, addGenerationPrompt: true));

    [Fact]
    public void MultiTurn_ContentsUntrimmed() =>
        Assert.Equal(
            "<|system|>\nYou are a pirate.<|end|>\n<|user|>\nWhat is 2+2?<|end|>\n" +
            "<|assistant|>\n  Four, matey.  <|end|>\n<|user|>\nAnd 3+3?<|end|>\n<|assistant|>\n",
            Load().Format(MultiTurn, addGenerationPrompt: true));

    [Fact]
    public void WithoutGenerationPrompt_EndsWithEos() =>
        Assert.Equal("<|user|>\nHello!<|end|>\n<|endoftext|>", Load().Format(UserOnly, addGenerationPrompt: false));

    [Fact]
    public void Phi35_SkipsEmptySystem_Phi3MiniDoesNot()
    {
        ChatMessage[] messages = [ChatMessage.System(""), ChatMessage.User("Hello!")];

        Assert.Equal("<|user|>\nHello!<|end|>\n<|assistant|>\n",
            LoadTemplate(Phi35Mini, "<s>", "<|endoftext|>").Format(messages, addGenerationPrompt: true));
        Assert.Equal("<|system|>\n<|end|>\n<|user|>\nHello!<|end|>\n<|assistant|>\n",
            Load().Format(messages, addGenerationPrompt: true));
    }

    [Fact]
    public void Phi3Small_WritesItsBos()
    {
        var template = LoadTemplate(Phi3Small, "<|endoftext|>", "<|endoftext|>");

        Assert.True(template.IncludesBos);
        Assert.Equal("<|endoftext|><|system|>\nYou are a pirate.<|end|>\n<|user|>\nHello!<|end|>\n<|assistant|>\n",
            template.Format(SystemAndUser, addGenerationPrompt: true));
    }

    [Fact]
    public void Phi4Mini_IsNotPhi3() =>
        Assert.Throws<ModelLoadException>(() => LoadTemplate(Phi4Mini, "<|endoftext|>", "<|endoftext|>"));
}
