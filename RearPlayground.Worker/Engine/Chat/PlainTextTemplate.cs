namespace RearPlayground.Worker.Engine.Chat;

/// <summary>
/// Models without a chat template (plain language models such as the TinyStories model): no roles, no markers.
/// The contents are joined as they are; callers that need a separator (REAR's plain-model prompt) build it themselves.
/// BOS is left to the engine, which follows the tokenizer's own setting for plain models.
/// </summary>
public sealed class PlainTextTemplate(string? eosToken = null) : ChatTemplate
{
    private readonly string[] _stops = StopList(eosToken);

    public override ChatTemplateKind Kind => ChatTemplateKind.None;

    public override bool IncludesBos => false;

    public override IReadOnlyList<string> StopTokens => _stops;

    protected override string FormatCore(IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt) =>
        string.Concat(messages.Select(m => m.Content));
}
