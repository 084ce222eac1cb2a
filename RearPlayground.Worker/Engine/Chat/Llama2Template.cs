using System.Text;
using System.Text.RegularExpressions;

namespace RearPlayground.Worker.Engine.Chat;

/// <summary>
/// Llama-2-chat: <c>&lt;s&gt;[INST] &lt;&lt;SYS&gt;&gt;\nsystem\n&lt;&lt;/SYS&gt;&gt;\n\nuser [/INST] answer &lt;/s&gt;&lt;s&gt;[INST] …</c>.
/// As in the official template, the system block is folded into the first user turn before the turn is stripped,
/// every user turn gets its own BOS, and the prompt ending in <c>[/INST]</c> already is the generation prompt.
/// </summary>
public sealed partial class Llama2Template : ChatTemplate
{
    public const string DefaultBos = "<s>";
    public const string DefaultEos = "</s>";

    private readonly string _bos;
    private readonly string _eos;
    private readonly bool _bosBeforeEachUserTurn;
    private readonly string[] _stops;

    /// <param name="bosText">BOS text; empty when the template writes none.</param>
    /// <param name="bosBeforeEachUserTurn">
    /// Official template: <c>bos_token + '[INST] '</c> on every user turn. False: one BOS at the very start (some fine-tunes).
    /// </param>
    public Llama2Template(string bosText = DefaultBos, string eosToken = DefaultEos, bool bosBeforeEachUserTurn = true)
    {
        _bos = bosText;
        _eos = eosToken;
        _bosBeforeEachUserTurn = bosBeforeEachUserTurn;
        _stops = StopList(eosToken);
    }

    public override ChatTemplateKind Kind => ChatTemplateKind.Llama2;

    public override bool IncludesBos => _bos.Length > 0;

    public override IReadOnlyList<string> StopTokens => _stops;

    // addGenerationPrompt is not used: the template has no generation prompt of its own.
    protected override string FormatCore(IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt)
    {
        var (system, turns) = SplitSystem(messages);
        RequireAlternation(turns);
        var sb = new StringBuilder();
        if (!_bosBeforeEachUserTurn)
            sb.Append(_bos);
        for (var i = 0; i < turns.Count; i++)
        {
            var content = i == 0 && system is not null
                ? $"<<SYS>>\n{system}\n<</SYS>>\n\n{turns[i].Content}"
                : turns[i].Content;
            if (turns[i].Role == ChatMessage.UserRole)
                sb.Append(_bosBeforeEachUserTurn ? _bos : "").Append("[INST] ").Append(Trim(content)).Append(" [/INST]");
            else
                sb.Append(' ').Append(Trim(content)).Append(' ').Append(_eos);
        }
        return sb.ToString();
    }

    /// <summary>Recognises <c>[INST]</c> together with <c>&lt;&lt;SYS&gt;&gt;</c>, which Mistral templates never write.</summary>
    internal static Llama2Template? TryRecognise(string jinja, string? bosToken, string? eosToken)
    {
        if (!jinja.Contains("[INST]", StringComparison.Ordinal) || !jinja.Contains("<<SYS>>", StringComparison.Ordinal))
            return null;
        var bos = JinjaText.WritesBos(jinja) ? bosToken ?? DefaultBos : "";
        return new Llama2Template(bos, eosToken ?? DefaultEos, BosPerTurnRegex().IsMatch(jinja));
    }

    [GeneratedRegex(@"bos_token\s*\+\s*['""]\[INST\]")]
    private static partial Regex BosPerTurnRegex();
}
