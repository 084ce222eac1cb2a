using System.Text;
using System.Text.RegularExpressions;

namespace RearPlayground.Worker.Engine.Chat;

/// <summary>
/// Mistral/Mixtral Instruct: <c>&lt;s&gt;[INST] user [/INST] answer&lt;/s&gt;[INST] …</c>. The versions differ in spaces
/// around <c>[INST]</c>, in the assistant turn and in where the system message goes, so the recogniser reads these
/// from the template's literals. Defaults are Mistral-7B-Instruct-v0.2's current template.
/// System placement, as the templates do it: v0.1/v0.2 (current) put "system\n\n" in front of the FIRST user message;
/// v0.3 and Nemo in front of the LAST one, and only when the conversation ends with that user message (a
/// conversation ending with an assistant turn loses it, as in the template). The original v0.1/v0.2 templates
/// rejected system messages; the engine then folds it into the first user message like the later v0.2 template.
/// </summary>
public sealed partial class MistralTemplate : ChatTemplate
{
    public const string DefaultBos = "<s>";
    public const string DefaultEos = "</s>";

    private readonly string _bos, _eos, _instOpen, _instClose, _assistantPrefix, _assistantSuffix, _systemSeparator;
    private readonly bool _trimAssistant, _systemInLastUserTurn;
    private readonly string[] _stops;

    public MistralTemplate(string bosText = DefaultBos, string eosToken = DefaultEos,
        string instOpen = " [INST] ", string instClose = " [/INST]",
        string assistantPrefix = " ", bool trimAssistant = false, string assistantSuffix = "",
        bool systemInLastUserTurn = false, string systemSeparator = "\n\n")
    {
        (_bos, _eos, _instOpen, _instClose) = (bosText, eosToken, instOpen, instClose);
        (_assistantPrefix, _trimAssistant, _assistantSuffix) = (assistantPrefix, trimAssistant, assistantSuffix);
        (_systemInLastUserTurn, _systemSeparator) = (systemInLastUserTurn, systemSeparator);
        _stops = StopList(eosToken);
    }

    public override ChatTemplateKind Kind => ChatTemplateKind.Mistral;

    public override bool IncludesBos => _bos.Length > 0;

    public override IReadOnlyList<string> StopTokens => _stops;

    // addGenerationPrompt is not used: the templates have no generation prompt; a prompt ending in [/INST] is ready.
    protected override string FormatCore(IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt)
    {
        var (system, turns) = SplitSystem(messages);
        RequireAlternation(turns);
        var systemTurn = system is null ? -1 : _systemInLastUserTurn ? turns.Count - 1 : 0;
        var sb = new StringBuilder(_bos);
        for (var i = 0; i < turns.Count; i++)
        {
            var content = turns[i].Content;
            if (turns[i].Role == ChatMessage.UserRole)
            {
                sb.Append(_instOpen);
                if (i == systemTurn)
                    sb.Append(system).Append(_systemSeparator);
                sb.Append(content).Append(_instClose);
            }
            else
            {
                sb.Append(_assistantPrefix).Append(_trimAssistant ? Trim(content) : content)
                    .Append(_eos).Append(_assistantSuffix);
            }
        }
        return sb.ToString();
    }

    /// <summary>
    /// Recognises <c>[INST]</c> without Llama-2's <c>&lt;&lt;SYS&gt;&gt;</c>. Mistral v7 templates (<c>[SYSTEM_PROMPT]</c>)
    /// lay out the system turn differently and, like any template whose literals cannot be read, stay unrecognised.
    /// </summary>
    internal static MistralTemplate? TryRecognise(string jinja, string? bosToken, string? eosToken)
    {
        if (!jinja.Contains("[INST]", StringComparison.Ordinal) || jinja.Contains("<<SYS>>", StringComparison.Ordinal)
            || jinja.Contains("[SYSTEM_PROMPT]", StringComparison.Ordinal))
            return null;
        var instOpen = InstOpenRegex().Match(jinja);
        var instClose = InstCloseRegex().Match(jinja);
        var assistant = AssistantRegex().Match(jinja);
        if (!instOpen.Success || !instClose.Success || !assistant.Success)
            return null;
        return new MistralTemplate(
            bosText: JinjaText.WritesBos(jinja) ? bosToken ?? DefaultBos : "",
            eosToken: eosToken ?? DefaultEos,
            instOpen: instOpen.Groups[1].Value,
            instClose: instClose.Groups[1].Value,
            assistantPrefix: assistant.Groups[1].Value,
            trimAssistant: assistant.Groups[2].Success,
            assistantSuffix: assistant.Groups[3].Value,
            systemInLastUserTurn: SystemLastRegex().IsMatch(jinja),
            systemSeparator: JinjaText.CaptureLiteral(SeparatorRegex(), jinja) ?? "\n\n");
    }

    // '[INST] ' + message…, ' [INST] ' + system_message…, "[INST]" + message…
    [GeneratedRegex(@"['""]( ?\[INST\] ?)['""]\s*\+\s*(?:system_message|message)")]
    private static partial Regex InstOpenRegex();

    [GeneratedRegex(@"\+\s*['""]( ?\[/INST\])['""]")]
    private static partial Regex InstCloseRegex();

    // message['content'] + eos_token, ' ' + message['content'] + eos_token, " " + message["content"]|trim + eos_token, … + eos_token + ' '
    [GeneratedRegex(@"(?:['""]( ?)['""]\s*\+\s*)?message\[['""]content['""]\](\s*\|\s*trim)?\s*\+\s*eos_token(?:\s*\+\s*['""]( ?)['""])?")]
    private static partial Regex AssistantRegex();

    [GeneratedRegex(@"loop\.last\s+and\s+system_message")]
    private static partial Regex SystemLastRegex();

    [GeneratedRegex(@"system_message\s*\+\s*['""]((?:\\n|\n)*)['""]")]
    private static partial Regex SeparatorRegex();
}
