namespace RearPlayground.Worker.Engine.Chat;

/// <summary>
/// Picks the <see cref="ChatTemplate"/> for a model from its Jinja chat template, by recognising the family.
/// No template: <see cref="PlainTextTemplate"/>. An unrecognised template is an error, not a fallback to plain
/// text: a chat model fed unformatted text still generates, so the mistake would only show up as quietly
/// wrong REAR scores. (A per-model override of the family can be added on top of this later.)
/// </summary>
public static class ChatTemplateDetector
{
    public const string SupportedFamilies =
        "ChatML (Qwen, SmolLM, OpenHermes, …), Llama-3, Llama-2, Gemma, Phi-3, Mistral";

    /// <summary>The template for a loaded <see cref="TokenizerConfig"/>; errors name the file the template came from.</summary>
    public static ChatTemplate Detect(TokenizerConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return Detect(config.ChatTemplateJinja, config.BosToken, config.EosToken, DateTime.Now, config.ChatTemplateSource);
    }

    /// <exception cref="ModelLoadException">The template is not one of <see cref="SupportedFamilies"/>.</exception>
    public static ChatTemplate Detect(string? chatTemplateJinja, string? bosToken, string? eosToken) =>
        Detect(chatTemplateJinja, bosToken, eosToken, DateTime.Now, source: null);

    /// <param name="today">Date for Llama-3.2 templates that call <c>strftime_now</c> (transformers renders the local date).</param>
    /// <param name="source">File the template came from, for the error message.</param>
    internal static ChatTemplate Detect(string? chatTemplateJinja, string? bosToken, string? eosToken,
        DateTime today, string? source)
    {
        if (string.IsNullOrWhiteSpace(chatTemplateJinja))
            return new PlainTextTemplate(eosToken);
        var jinja = chatTemplateJinja;
        // Llama-2 is tried before Mistral: both write [INST], only Llama-2 writes <<SYS>>.
        Func<ChatTemplate?>[] recognisers =
        [
            () => ChatMlTemplate.TryRecognise(jinja, bosToken, eosToken),
            () => Llama3Template.TryRecognise(jinja, bosToken, eosToken, today),
            () => GemmaTemplate.TryRecognise(jinja, bosToken, eosToken),
            () => Phi3Template.TryRecognise(jinja, bosToken, eosToken),
            () => Llama2Template.TryRecognise(jinja, bosToken, eosToken),
            () => MistralTemplate.TryRecognise(jinja, bosToken, eosToken),
        ];
        var template = recognisers.Select(recognise => recognise()).FirstOrDefault(t => t is not null);
        if (template is not null)
            return template;

        var where = source is null ? "The chat template" : $"{source}: the chat template";
        var start = jinja.Trim().ReplaceLineEndings(" ");
        if (start.Length > 80)
            start = start[..80] + "…";
        throw new ModelLoadException(
            $"{where} is not one of the supported families ({SupportedFamilies}); it starts with \"{start}\".");
    }
}
