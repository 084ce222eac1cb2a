using System.Text;
using System.Text.RegularExpressions;

namespace RearPlayground.Worker.Engine.Chat;

/// <summary>
/// Phi-3 / Phi-3.5: <c>&lt;|system|&gt;\n…&lt;|end|&gt;\n&lt;|user|&gt;\n…&lt;|end|&gt;\n&lt;|assistant|&gt;\n</c>, contents untrimmed;
/// without a generation prompt the current templates end with the EOS token.
/// </summary>
public sealed partial class Phi3Template : ChatTemplate
{
    public const string EndOfTurn = "<|end|>";

    private readonly string _bos;
    private readonly string _eosWithoutGenerationPrompt;
    private readonly bool _skipEmptySystem;
    private readonly string[] _stops;

    /// <param name="bosText">BOS text for the variants that start with <c>bos_token</c> (early Phi-3-mini, Phi-3-small).</param>
    /// <param name="appendEosWithoutGenerationPrompt">The <c>{% else %}{{ eos_token }}</c> ending of current templates.</param>
    /// <param name="skipEmptySystem">Phi-3.5 writes a system turn only when its content is non-empty.</param>
    public Phi3Template(string bosText = "", string? eosToken = null,
        bool appendEosWithoutGenerationPrompt = false, bool skipEmptySystem = false)
    {
        _bos = bosText;
        _eosWithoutGenerationPrompt = appendEosWithoutGenerationPrompt ? eosToken ?? "" : "";
        _skipEmptySystem = skipEmptySystem;
        _stops = StopList(EndOfTurn, eosToken);
    }

    public override ChatTemplateKind Kind => ChatTemplateKind.Phi3;

    public override bool IncludesBos => _bos.Length > 0;

    public override IReadOnlyList<string> StopTokens => _stops;

    // Early Phi-3-mini/medium templates dropped system messages and wrote <|assistant|> after every user turn;
    // the later official revision (used here) writes a <|system|> turn, which REAR needs for its preference.
    protected override string FormatCore(IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt)
    {
        var sb = new StringBuilder(_bos);
        foreach (var message in messages)
        {
            if (_skipEmptySystem && message.Role == ChatMessage.SystemRole && message.Content.Length == 0)
                continue;
            sb.Append("<|").Append(message.Role).Append("|>\n").Append(message.Content).Append(EndOfTurn).Append('\n');
        }
        sb.Append(addGenerationPrompt ? "<|assistant|>\n" : _eosWithoutGenerationPrompt);
        return sb.ToString();
    }

    /// <summary>
    /// Recognises <c>&lt;|end|&gt;</c> and <c>&lt;|assistant|&gt;</c> with a newline between role tag and content;
    /// Phi-4-mini (no newline) and Zephyr/TinyLlama (EOS instead of <c>&lt;|end|&gt;</c>) are left unrecognised.
    /// </summary>
    internal static Phi3Template? TryRecognise(string jinja, string? bosToken, string? eosToken)
    {
        if (!jinja.Contains(EndOfTurn, StringComparison.Ordinal) || !jinja.Contains("<|assistant|>", StringComparison.Ordinal)
            || !RoleThenNewlineRegex().IsMatch(jinja))
            return null;
        var bos = JinjaText.WritesBos(jinja) ? bosToken ?? "" : "";
        return new Phi3Template(bos, eosToken, JinjaText.WritesEos(jinja), SkipEmptySystemRegex().IsMatch(jinja));
    }

    // '<|user|>\n' + message…, '<|user|>' + '\n' + message…, '|>' + '\n' + message…
    [GeneratedRegex(@"\|>(?:['""]\s*\+\s*['""])?" + JinjaText.Newline + @"['""]\s*\+\s*message")]
    private static partial Regex RoleThenNewlineRegex();

    [GeneratedRegex(@"['""]system['""]\s+and\s+message\[['""]content['""]\]")]
    private static partial Regex SkipEmptySystemRegex();
}
