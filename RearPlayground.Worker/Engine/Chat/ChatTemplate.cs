namespace RearPlayground.Worker.Engine.Chat;

/// <summary>
/// Formats a conversation exactly as one recognised family of Hugging Face chat templates (Jinja) would.
/// The engine tokenizes the result with special-token recognition and adds no BOS of its own for chat
/// models, so the BOS text is part of the string wherever the template writes it (<see cref="IncludesBos"/>).
/// </summary>
public abstract class ChatTemplate
{
    public abstract ChatTemplateKind Kind { get; }

    /// <summary>True when <see cref="Format"/> writes the BOS text itself; the engine must then not prepend a BOS id.</summary>
    public abstract bool IncludesBos { get; }

    /// <summary>Strings that end an assistant turn (the end-of-turn marker and the EOS token); generation stops at any.</summary>
    public abstract IReadOnlyList<string> StopTokens { get; }

    /// <summary>
    /// The prompt text for <paramref name="messages"/>. With <paramref name="addGenerationPrompt"/> the text ends with
    /// the assistant header, so the response starts right after it.
    /// </summary>
    /// <exception cref="ArgumentException">A role other than system/user/assistant, or an order the template rejects.</exception>
    public string Format(IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt)
    {
        ArgumentNullException.ThrowIfNull(messages);
        foreach (var message in messages)
        {
            ArgumentNullException.ThrowIfNull(message, nameof(messages));
            if (message.Role is not (ChatMessage.SystemRole or ChatMessage.UserRole or ChatMessage.AssistantRole))
                throw new ArgumentException(
                    $"Unsupported chat role '{message.Role}': use system, user or assistant.", nameof(messages));
            if (message.Content is null)
                throw new ArgumentException($"A {message.Role} message has no content.", nameof(messages));
        }
        return FormatCore(messages, addGenerationPrompt);
    }

    protected abstract string FormatCore(IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt);

    /// <summary>Splits off a leading system message, as the templates that place it specially do.</summary>
    protected static (string? System, IReadOnlyList<ChatMessage> Turns) SplitSystem(IReadOnlyList<ChatMessage> messages) =>
        messages.Count > 0 && messages[0].Role == ChatMessage.SystemRole
            ? (messages[0].Content, messages.Skip(1).ToArray())
            : (null, messages);

    /// <summary>user/assistant/user/…: the Llama-2, Mistral and Gemma templates raise an exception otherwise.</summary>
    protected static void RequireAlternation(IReadOnlyList<ChatMessage> turns)
    {
        for (var i = 0; i < turns.Count; i++)
        {
            var expected = i % 2 == 0 ? ChatMessage.UserRole : ChatMessage.AssistantRole;
            if (turns[i].Role != expected)
                throw new ArgumentException(
                    "After the optional leading system message, conversation roles must alternate " +
                    $"user/assistant/user/… (message {i + 1} is '{turns[i].Role}').", "messages");
        }
    }

    /// <summary>Jinja's <c>trim</c> and Python's <c>str.strip()</c>: whitespace at both ends.</summary>
    protected static string Trim(string text) => text.Trim();

    /// <summary>The non-empty tokens, each once, in order.</summary>
    protected static string[] StopList(params string?[] tokens) =>
        tokens.Where(t => !string.IsNullOrEmpty(t)).Select(t => t!).Distinct(StringComparer.Ordinal).ToArray();
}
