using RearPlayground.Worker.Engine;
using RearPlayground.Worker.Engine.Chat;

namespace RearPlayground.Worker.Rear;

/// <summary>
/// Builds both contexts. Plain language models: BOS + question, and BOS + preference + separator + question.
/// Chat models: the preference is a system message; both conversations go through the chat template and
/// end with the assistant header, so the response starts right after it.
/// </summary>
public static class ContextBuilder
{
    public static RearContexts Build(LanguageModel model, string question, string? preference, string separator = "\n")
    {
        var hasPreference = !string.IsNullOrEmpty(preference);
        string withoutText, withText;
        if (model.IsChatModel)
        {
            withoutText = model.Chat.Format([ChatMessage.User(question)], addGenerationPrompt: true);
            withText = hasPreference
                ? model.Chat.Format([ChatMessage.System(preference!), ChatMessage.User(question)], addGenerationPrompt: true)
                : withoutText;
        }
        else
        {
            withoutText = question;
            withText = hasPreference ? preference + separator + question : question;
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
