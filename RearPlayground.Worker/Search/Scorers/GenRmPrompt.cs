using RearPlayground.Worker.Engine;
using RearPlayground.Worker.Engine.Chat;
using RearPlayground.Worker.Rear;

namespace RearPlayground.Worker.Search.Scorers;

/// <summary>
/// The GenRM judging prompt: the model sees the question, the preference and a response and is asked
/// whether the response follows the preference; its next token should be Yes or No.
/// Plain models get a completion-style text ending in "Answer:" (so the answer is " Yes" / " No", with the
/// space a plain LM would write); chat models get one user message and answer right after the assistant header.
/// </summary>
public static class GenRmPrompt
{
    public const string ChatInstruction = "Answer with Yes or No.";

    /// <summary>The full prompt text (chat template applied for chat models), without any BOS id.</summary>
    public static string Format(LanguageModel model, string question, string? preference, string response)
    {
        var body = Body(question, preference, response);
        return model.IsChatModel
            ? model.Chat.Format([ChatMessage.User(body + " " + ChatInstruction)], addGenerationPrompt: true)
            : body + " Answer:";
    }

    /// <summary>
    /// The question-preference-response block and the yes/no question. Without a preference there is nothing
    /// to follow, so the judge is asked about the answer's quality instead of failing the whole baseline.
    /// </summary>
    public static string Body(string question, string? preference, string response) =>
        string.IsNullOrEmpty(preference)
            ? $"Question: {question}\nResponse: {response}\nIs the response a good answer to the question?"
            : $"Question: {question}\nPreference: {preference}\nResponse: {response}\nDoes the response follow the preference?";

    /// <summary>Prompt ids as the model reads them: BOS first where <see cref="ContextBuilder"/> would add one.</summary>
    public static int[] Encode(LanguageModel model, string prompt) => ContextBuilder.Encode(model, prompt);

    /// <summary>
    /// Where the answer is read and which tokens are compared. <c>Lead</c> holds the leading tokens "Yes" and "No"
    /// share as written after <paramref name="prompt"/> (SentencePiece models often split " Yes" into "▁", "Y", "es"):
    /// they are fed as part of the prompt, since their log-prob is the same for both answers and cancels in the
    /// difference. <c>Yes</c> / <c>No</c> are the first tokens where the two answers differ; usually Lead is empty
    /// and they are the answers' first tokens.
    /// </summary>
    /// <exception cref="ArgumentException">One answer's tokens are a prefix of the other's, so no token tells them apart.</exception>
    public static (int[] Lead, int Yes, int No) AnswerIds(LanguageModel model, string prompt)
    {
        var space = model.IsChatModel ? "" : " ";
        var yes = ResponseTokens.Encode(model.Tokenizer, prompt, space + "Yes");
        var no = ResponseTokens.Encode(model.Tokenizer, prompt, space + "No");
        var shared = 0;
        while (shared < yes.Length && shared < no.Length && yes[shared] == no[shared]) shared++;
        if (shared == yes.Length || shared == no.Length)
            throw new ArgumentException(
                $"GenRM: \"{space}Yes\" encodes to [{string.Join(", ", yes)}] and \"{space}No\" to [{string.Join(", ", no)}] " +
                $"in {model.Name}'s tokenizer; no token position tells them apart.");
        return (yes[..shared], yes[shared], no[shared]);
    }
}
