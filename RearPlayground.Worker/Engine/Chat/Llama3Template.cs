using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace RearPlayground.Worker.Engine.Chat;

/// <summary>
/// Llama 3.x: <c>&lt;|begin_of_text|&gt;</c>, then <c>&lt;|start_header_id|&gt;role&lt;|end_header_id|&gt;\n\ncontent&lt;|eot_id|&gt;</c>
/// per message (contents trimmed), generation prompt <c>&lt;|start_header_id|&gt;assistant&lt;|end_header_id|&gt;\n\n</c>.
/// </summary>
public sealed partial class Llama3Template : ChatTemplate
{
    public const string EndOfTurn = "<|eot_id|>";
    public const string DefaultBos = "<|begin_of_text|>";

    private readonly string _bos;
    private readonly string[] _stops;

    /// <param name="bosText">The BOS text the template writes first; empty when it writes none.</param>
    /// <param name="systemPreamble">
    /// Llama 3.1+ always write a system turn that starts with "Cutting Knowledge Date: …\nToday Date: …\n\n" and
    /// ends with the (trimmed) system message, if any. Null for Llama 3.0, which writes a system turn only when given one.
    /// </param>
    public Llama3Template(string bosText = DefaultBos, string? eosToken = null, string? systemPreamble = null)
    {
        _bos = bosText;
        SystemPreamble = systemPreamble;
        _stops = StopList(EndOfTurn, eosToken);
    }

    public string? SystemPreamble { get; }

    public override ChatTemplateKind Kind => ChatTemplateKind.Llama3;

    public override bool IncludesBos => _bos.Length > 0;

    public override IReadOnlyList<string> StopTokens => _stops;

    protected override string FormatCore(IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt)
    {
        var sb = new StringBuilder();
        // 3.1+ write bos_token unconditionally; 3.0 writes it in front of the first message.
        if (SystemPreamble is not null || messages.Count > 0)
            sb.Append(_bos);
        var turns = messages;
        if (SystemPreamble is not null)
        {
            (var system, turns) = SplitSystem(messages);
            AppendHeader(sb, ChatMessage.SystemRole);
            sb.Append(SystemPreamble).Append(system is null ? "" : Trim(system)).Append(EndOfTurn);
        }
        foreach (var message in turns)
        {
            AppendHeader(sb, message.Role);
            sb.Append(Trim(message.Content)).Append(EndOfTurn);
        }
        if (addGenerationPrompt)
            AppendHeader(sb, ChatMessage.AssistantRole);
        return sb.ToString();
    }

    private static void AppendHeader(StringBuilder sb, string role) =>
        sb.Append("<|start_header_id|>").Append(role).Append("<|end_header_id|>\n\n");

    /// <summary>
    /// Recognises the Llama-3 header markers. The knowledge-cutoff preamble of 3.1+ is copied from the template;
    /// the date follows transformers: today's date where the template calls <c>strftime_now</c> (3.2),
    /// otherwise the template's fixed <c>date_string</c> ("26 Jul 2024" in 3.1/3.3).
    /// </summary>
    internal static Llama3Template? TryRecognise(string jinja, string? bosToken, string? eosToken, DateTime today)
    {
        if (!jinja.Contains("<|start_header_id|>", StringComparison.Ordinal)
            || !jinja.Contains("<|end_header_id|>", StringComparison.Ordinal)
            || !jinja.Contains(EndOfTurn, StringComparison.Ordinal))
            return null;

        string? preamble = null;
        if (jinja.Contains("Cutting Knowledge Date:", StringComparison.Ordinal))
        {
            var cutoff = JinjaText.CaptureLiteral(CutoffRegex(), jinja) ?? "December 2023";
            var date = jinja.Contains("strftime_now", StringComparison.Ordinal)
                ? today.ToString("dd MMM yyyy", CultureInfo.InvariantCulture)
                : JinjaText.CaptureLiteral(DateStringRegex(), jinja) ?? "26 Jul 2024";
            preamble = $"Cutting Knowledge Date: {cutoff}\nToday Date: {date}\n\n";
        }
        var bos = JinjaText.WritesBos(jinja) ? bosToken ?? DefaultBos : "";
        return new Llama3Template(bos, eosToken, preamble);
    }

    [GeneratedRegex(@"Cutting Knowledge Date: ((?:[^'""\\\n]|\\[^n])+)")]
    private static partial Regex CutoffRegex();

    [GeneratedRegex(@"date_string\s*=\s*['""]([^'""]+)['""]")]
    private static partial Regex DateStringRegex();
}
