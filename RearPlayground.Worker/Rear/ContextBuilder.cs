using RearPlayground.Worker.Engine;

namespace RearPlayground.Worker.Rear;

/// <summary>
/// Builds both contexts. Plain language models: BOS + question, and BOS + preference + separator + question.
/// Chat models: the preference is a system message, both conversations go through the chat template.
/// </summary>
public static class ContextBuilder
{
    public static RearContexts Build(LanguageModel model, string question, string? preference, string separator = "\n")
    {
        var hasPreference = !string.IsNullOrEmpty(preference);
        var withoutText = question;
        var withText = hasPreference ? preference + separator + question : question;
        return new RearContexts(Encode(model, withoutText), Encode(model, withText), withoutText, withText);
    }

    private static int[] Encode(LanguageModel model, string text)
    {
        var ids = model.Tokenizer.Encode(text);
        return model.BosId is { } bos ? [bos, .. ids] : [.. ids];
    }
}
