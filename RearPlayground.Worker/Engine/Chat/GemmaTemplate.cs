using System.Text;
using System.Text.RegularExpressions;

namespace RearPlayground.Worker.Engine.Chat;

/// <summary>
/// Gemma: <c>&lt;bos&gt;&lt;start_of_turn&gt;user\n…&lt;end_of_turn&gt;\n&lt;start_of_turn&gt;model\n</c>, contents trimmed.
/// Gemma has no system role: as Gemma-3's template does, the system text plus a separator ("\n\n") is put in
/// front of the first user message, untrimmed. Gemma-1/2 templates reject a system message instead; the engine
/// folds it the Gemma-3 way there too, because REAR's preference is a system message.
/// </summary>
public sealed partial class GemmaTemplate : ChatTemplate
{
    public const string EndOfTurn = "<end_of_turn>";
    public const string DefaultBos = "<bos>";

    private readonly string _bos;
    private readonly string _systemSeparator;
    private readonly string[] _stops;

    public GemmaTemplate(string bosText = DefaultBos, string? eosToken = null, string systemSeparator = "\n\n")
    {
        _bos = bosText;
        _systemSeparator = systemSeparator;
        _stops = StopList(EndOfTurn, eosToken);
    }

    public override ChatTemplateKind Kind => ChatTemplateKind.Gemma;

    public override bool IncludesBos => _bos.Length > 0;

    public override IReadOnlyList<string> StopTokens => _stops;

    protected override string FormatCore(IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt)
    {
        var (system, turns) = SplitSystem(messages);
        RequireAlternation(turns);
        var sb = new StringBuilder(_bos);
        for (var i = 0; i < turns.Count; i++)
        {
            var role = turns[i].Role == ChatMessage.AssistantRole ? "model" : turns[i].Role;
            sb.Append("<start_of_turn>").Append(role).Append('\n');
            if (i == 0 && system is not null)
                sb.Append(system).Append(_systemSeparator);
            sb.Append(Trim(turns[i].Content)).Append(EndOfTurn).Append('\n');
        }
        if (addGenerationPrompt)
            sb.Append("<start_of_turn>model\n");
        return sb.ToString();
    }

    /// <summary>Recognises the turn markers; the separator comes from Gemma-3's <c>first_user_prefix</c> where present.</summary>
    internal static GemmaTemplate? TryRecognise(string jinja, string? bosToken, string? eosToken)
    {
        if (!jinja.Contains("<start_of_turn>", StringComparison.Ordinal) || !jinja.Contains(EndOfTurn, StringComparison.Ordinal))
            return null;
        var separator = JinjaText.CaptureLiteral(SeparatorRegex(), jinja) ?? "\n\n";
        var bos = JinjaText.WritesBos(jinja) ? bosToken ?? DefaultBos : "";
        return new GemmaTemplate(bos, eosToken, separator);
    }

    [GeneratedRegex(@"first_user_prefix\s*=\s*messages\[0\]\[['""]content['""]\]\s*\+\s*['""]((?:\\n|\n)+)['""]")]
    private static partial Regex SeparatorRegex();
}
