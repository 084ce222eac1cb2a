using RearPlayground.Worker.Engine.Chat;

namespace RearPlayground.Tests.Engine.Chat;

/// <summary>The conversations every family is checked with, and the load-then-detect path the engine uses.</summary>
internal static class ChatTestData
{
    public static readonly ChatMessage[] SystemAndUser = [ChatMessage.System("You are a pirate."), ChatMessage.User("Hello!")];

    public static readonly ChatMessage[] UserOnly = [ChatMessage.User("Hello!")];

    // The assistant answer carries spaces at both ends: templates that trim and templates that don't differ here.
    public static readonly ChatMessage[] MultiTurn =
    [
        ChatMessage.System("You are a pirate."),
        ChatMessage.User("What is 2+2?"),
        ChatMessage.Assistant("  Four, matey.  "),
        ChatMessage.User("And 3+3?"),
    ];

    /// <summary>"Today" for templates that render the current date (Llama 3.2).</summary>
    public static readonly DateTime Today = new(2025, 3, 5);

    /// <summary>Writes the template into a temp model folder's tokenizer_config.json, loads it back and detects the family.</summary>
    public static ChatTemplate LoadTemplate(string jinja, string? bosToken, string? eosToken)
    {
        using var folder = new TempModelFolder();
        folder.WriteTokenizerConfig(jinja, bosToken, eosToken);
        var config = TokenizerConfig.Load(folder.Path);
        Assert.Equal(jinja, config.ChatTemplateJinja);
        return ChatTemplateDetector.Detect(
            config.ChatTemplateJinja, config.BosToken, config.EosToken, Today, config.ChatTemplateSource);
    }
}
