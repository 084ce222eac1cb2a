using System.Text;
using System.Text.RegularExpressions;

namespace RearPlayground.Worker.Engine.Chat;

/// <summary>
/// ChatML: <c>&lt;|im_start|&gt;role\ncontent&lt;|im_end|&gt;\n</c> per message, generation prompt
/// <c>&lt;|im_start|&gt;assistant\n</c> (Qwen 1.5–3, SmolLM2, OpenHermes, …). Contents are written untrimmed.
/// </summary>
public sealed partial class ChatMlTemplate : ChatTemplate
{
    public const string EndOfTurn = "<|im_end|>";

    private readonly string _bos;
    private readonly string[] _stops;

    /// <param name="defaultSystemMessage">
    /// System text the template writes when the conversation has none (Qwen2: "You are a helpful assistant.",
    /// Qwen2.5: "You are Qwen, created by Alibaba Cloud. …", SmolLM2: "You are a helpful AI assistant named SmolLM, …");
    /// null for templates that add none (Qwen3, OpenHermes).
    /// </param>
    /// <param name="bosText">BOS text for the few ChatML templates that start with <c>bos_token</c>; empty otherwise.</param>
    /// <param name="qwen3Reasoning">
    /// Qwen3's handling of <c>&lt;think&gt;</c> blocks in assistant turns (see <see cref="AppendAssistant"/>).
    /// </param>
    public ChatMlTemplate(string? defaultSystemMessage = null, string bosText = "", string? eosToken = null,
        bool qwen3Reasoning = false)
    {
        DefaultSystemMessage = defaultSystemMessage;
        Qwen3Reasoning = qwen3Reasoning;
        _bos = bosText;
        _stops = StopList(EndOfTurn, eosToken);
    }

    public string? DefaultSystemMessage { get; }

    public bool Qwen3Reasoning { get; }

    public override ChatTemplateKind Kind => ChatTemplateKind.ChatMl;

    public override bool IncludesBos => _bos.Length > 0;

    public override IReadOnlyList<string> StopTokens => _stops;

    protected override string FormatCore(IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt)
    {
        var sb = new StringBuilder(_bos);
        // Qwen2/SmolLM2 write the default inside the loop (loop.first), Qwen2.5 before it: both only when
        // there are messages and the first one is not a system message.
        if (DefaultSystemMessage is not null && messages.Count > 0 && messages[0].Role != ChatMessage.SystemRole)
            AppendTurn(sb, ChatMessage.SystemRole, DefaultSystemMessage);
        // Qwen3's last_query_index: the last user message, else the last message.
        var lastUser = Enumerable.Range(0, messages.Count)
            .LastOrDefault(i => messages[i].Role == ChatMessage.UserRole, messages.Count - 1);
        for (var i = 0; i < messages.Count; i++)
        {
            if (Qwen3Reasoning && messages[i].Role == ChatMessage.AssistantRole)
                AppendAssistant(sb, messages[i].Content, afterLastQuery: i > lastUser, isLast: i == messages.Count - 1);
            else
                AppendTurn(sb, messages[i].Role, messages[i].Content);
        }
        if (addGenerationPrompt)
            sb.Append("<|im_start|>assistant\n");
        return sb.ToString();
    }

    /// <summary>
    /// Qwen3: a <c>&lt;think&gt;…&lt;/think&gt;</c> block is cut from assistant turns; only answers after the last user
    /// message keep it, and the final one gets an empty block when it has none (thinking mode, the default).
    /// </summary>
    private static void AppendAssistant(StringBuilder sb, string content, bool afterLastQuery, bool isLast)
    {
        var reasoning = "";
        var end = content.IndexOf("</think>", StringComparison.Ordinal);
        if (end >= 0)
        {
            var head = content[..end].TrimEnd('\n');
            var start = head.LastIndexOf("<think>", StringComparison.Ordinal);
            reasoning = (start >= 0 ? head[(start + "<think>".Length)..] : head).TrimStart('\n');
            content = content[(content.LastIndexOf("</think>", StringComparison.Ordinal) + "</think>".Length)..].TrimStart('\n');
        }
        if (afterLastQuery && (isLast || reasoning.Length > 0))
            content = $"<think>\n{reasoning.Trim('\n')}\n</think>\n\n{content.TrimStart('\n')}";
        AppendTurn(sb, ChatMessage.AssistantRole, content);
    }

    private static void AppendTurn(StringBuilder sb, string role, string content) =>
        sb.Append("<|im_start|>").Append(role).Append('\n').Append(content).Append(EndOfTurn).Append('\n');

    /// <summary>
    /// Recognises ChatML by its per-message literal <c>'&lt;|im_start|&gt;' + role + '\n' + content + '&lt;|im_end|&gt;' + '\n'</c>.
    /// Templates that only share the markers (DBRX, MPT, Phi-4's <c>&lt;|im_sep|&gt;</c>) lay turns out differently and are left unrecognised.
    /// </summary>
    internal static ChatMlTemplate? TryRecognise(string jinja, string? bosToken, string? eosToken)
    {
        if (!jinja.Contains("<|im_start|>", StringComparison.Ordinal) || !MessageRegex().IsMatch(jinja))
            return null;
        var defaultSystem = JinjaText.CaptureLiteral(DefaultSystemRegex(), jinja);
        var bos = JinjaText.WritesBos(jinja) ? bosToken ?? "" : "";
        var qwen3 = jinja.Contains("<think>", StringComparison.Ordinal) && jinja.Contains("last_query_index", StringComparison.Ordinal);
        return new ChatMlTemplate(defaultSystem, bos, eosToken, qwen3);
    }

    [GeneratedRegex(
        @"['""]<\|im_start\|>['""]\s*\+\s*message(?:\[['""]role['""]\]|\.role)\s*\+\s*['""]" + JinjaText.Newline +
        @"['""]\s*\+\s*(?:message(?:\[['""]content['""]\]|\.content)|content)\s*\+\s*['""]<\|im_end\|>" +
        @"(?:['""]\s*\+\s*['""])?" + JinjaText.Newline + @"['""]")]
    private static partial Regex MessageRegex();

    // A literal system turn with fixed text, e.g. '<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n'.
    [GeneratedRegex(@"<\|im_start\|>system" + JinjaText.Newline + @"((?:[^'""{}\\]|\\.)+?)<\|im_end\|>")]
    private static partial Regex DefaultSystemRegex();
}
