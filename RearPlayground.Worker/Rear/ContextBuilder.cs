using RearPlayground.Worker.Engine;
using RearPlayground.Worker.Engine.Chat;

namespace RearPlayground.Worker.Rear;

/// <summary>
/// Builds both contexts. Plain language models: BOS + question, and BOS + preference + separator + question.
/// Chat models: the preference is a system message; both conversations go through the chat template and
/// end with the assistant header, so the response starts right after it.
/// An optional system prompt (a dataset's system column, a run's <c>system</c>) is in both contexts, so ℓ0 and ℓp differ
/// by the preference alone: for chat models it is the system message of both, the preference following it in the same
/// message after a blank line (the templates take one leading system message); for plain models it is text before
/// everything else, followed by the separator.
/// </summary>
public static class ContextBuilder
{
    /// <summary>Between the system prompt and the preference in a chat model's one system message.</summary>
    public const string SystemJoin = "\n\n";

    public static RearContexts Build(LanguageModel model, string question, string? preference, string separator = "\n", string? system = null)
    {
        var hasPreference = !string.IsNullOrEmpty(preference);
        var hasSystem = !string.IsNullOrEmpty(system);
        string withoutText, withText;
        if (model.IsChatModel)
        {
            withoutText = model.Chat.Format(hasSystem ? [ChatMessage.System(system!), ChatMessage.User(question)] : [ChatMessage.User(question)],
                addGenerationPrompt: true);
            withText = hasPreference
                ? model.Chat.Format([ChatMessage.System(hasSystem ? system + SystemJoin + preference : preference!), ChatMessage.User(question)],
                    addGenerationPrompt: true)
                : withoutText;
        }
        else
        {
            var prefix = hasSystem ? system + separator : "";
            withoutText = prefix + question;
            withText = hasPreference ? prefix + preference + separator + question : withoutText;
        }
        return new RearContexts(Encode(model, withoutText), Encode(model, withText), withoutText, withText);
    }

    /// <summary>Prompt text to ids, with BOS where the model expects one (also used for GenRM's judging prompt).</summary>
    public static int[] Encode(LanguageModel model, string text)
    {
        var ids = model.Tokenizer.Encode(text);
        return NeedsBos(model) && model.BosId is { } bos ? [bos, .. ids] : [.. ids];
    }

    // Plain models get BOS as in training; chat templates write it themselves when the family uses one,
    // otherwise only an explicit add_bos_token asks for it.
    private static bool NeedsBos(LanguageModel model) =>
        !model.IsChatModel || (!model.Chat.IncludesBos && model.TokenizerConfig.AddBosToken == true);
}
