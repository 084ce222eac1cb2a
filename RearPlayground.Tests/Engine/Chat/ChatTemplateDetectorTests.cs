using RearPlayground.Worker.Engine;
using RearPlayground.Worker.Engine.Chat;
using static RearPlayground.Tests.Engine.Chat.ChatTestData;

namespace RearPlayground.Tests.Engine.Chat;

public class ChatTemplateDetectorTests
{
    /// <summary>Vicuna-style template: no supported family.</summary>
    private const string Vicuna =
        """{%- for message in messages %}{%- if message['role'] == 'system' -%}{{- '' + message['content'] + '\n\n' -}}{%- else -%}{%- if message['role'] == 'user' -%}{{-'USER: ' + message['content'] + '\n'-}}{%- else -%}{{-'ASSISTANT: ' + message['content'] + '</s>\n' -}}{%- endif -%}{%- endif -%}{%- endfor -%}{%- if add_generation_prompt -%}{{-'ASSISTANT:'-}}{%- endif -%}""";

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  \n ")]
    public void NoTemplate_IsPlainText(string? jinja)
    {
        var template = ChatTemplateDetector.Detect(jinja, "<s>", "</s>");

        Assert.IsType<PlainTextTemplate>(template);
        Assert.Equal(ChatTemplateKind.None, template.Kind);
        Assert.False(template.IncludesBos);
        Assert.Equal(["</s>"], template.StopTokens);
    }

    [Fact]
    public void PlainText_JoinsContentsUnformatted() =>
        Assert.Equal("You are a pirate.Hello!",
            ChatTemplateDetector.Detect(null, null, null).Format(SystemAndUser, addGenerationPrompt: true));

    [Fact]
    public void ModelFolderWithoutTokenizerConfig_IsPlainText()
    {
        using var folder = new TempModelFolder();

        var template = ChatTemplateDetector.Detect(TokenizerConfig.Load(folder.Path));

        Assert.Equal(ChatTemplateKind.None, template.Kind);
        Assert.Empty(template.StopTokens);
    }

    [Fact]
    public void UnknownTemplate_IsAnErrorListingTheFamiliesAndNamingTheFile()
    {
        using var folder = new TempModelFolder();
        var path = folder.WriteTokenizerConfig(Vicuna, "<s>", "</s>");

        var error = Assert.Throws<ModelLoadException>(() => ChatTemplateDetector.Detect(TokenizerConfig.Load(folder.Path)));

        Assert.Contains(path, error.Message);
        Assert.Contains("not one of the supported families", error.Message);
        foreach (var family in new[] { "ChatML", "Llama-3", "Llama-2", "Gemma", "Phi-3", "Mistral" })
            Assert.Contains(family, error.Message);
        Assert.Contains("{%- for message in messages", error.Message); // its start, to recognise it by
    }

    [Fact]
    public void UnknownRole_IsRejected() =>
        Assert.Throws<ArgumentException>(() =>
            ChatTemplateDetector.Detect(ChatMlFixtures.OpenHermes, null, null)
                .Format([new ChatMessage("tool", "42")], addGenerationPrompt: true));

    [Fact]
    public void Unescape_HandlesTheEscapesTemplatesUse() =>
        Assert.Equal("a\nb\t'\"\\ \u2014 \\q", JinjaText.Unescape(@"a\nb\t\'\""\\ \u2014 \q"));
}
