using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace RearPlayground.Worker.Engine.Tokenization;

/// <summary>
/// The <c>normalizer</c> of a tokenizer.json, as a chain of string rewrites applied to each text segment
/// (added tokens are cut out first, as in Hugging Face). Supports the forms BPE language models use:
/// Sequence, Prepend, Replace, NFC/NFD/NFKC/NFKD, Lowercase.
/// </summary>
internal sealed class HfNormalizer
{
    private readonly List<Func<string, string>> _steps = [];

    public static HfNormalizer None { get; } = new();

    /// <summary>True when the chain starts by prepending "▁" (Llama-2's legacy dummy prefix).</summary>
    public bool PrependsMetaspace { get; private set; }

    public string Apply(string text)
    {
        foreach (Func<string, string> step in _steps) text = step(text);
        return text;
    }

    /// <exception cref="NotSupportedException">A normalizer type this reader does not implement.</exception>
    public static HfNormalizer FromJson(JsonElement element)
    {
        var normalizer = new HfNormalizer();
        if (element.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined)) normalizer.Add(element);
        return normalizer;
    }

    private void Add(JsonElement element)
    {
        string type = HfJson.Type(element, "normalizer");
        switch (type)
        {
            case "Sequence":
                foreach (JsonElement inner in HfJson.Array(element, "normalizers")) Add(inner);
                break;
            case "Prepend":
                string prefix = HfJson.String(element, "prepend");
                if (_steps.Count == 0 && prefix == "\u2581") PrependsMetaspace = true;
                _steps.Add(s => s.Length == 0 ? s : prefix + s); // Hugging Face leaves empty text empty
                break;
            case "Replace":
                Regex regex = HfJson.Pattern(element);
                string content = HfJson.String(element, "content");
                _steps.Add(s => regex.Replace(s, content.Replace("$", "$$")));
                break;
            case "NFC": _steps.Add(s => SafeNormalize(s, NormalizationForm.FormC)); break;
            case "NFD": _steps.Add(s => SafeNormalize(s, NormalizationForm.FormD)); break;
            case "NFKC": _steps.Add(s => SafeNormalize(s, NormalizationForm.FormKC)); break;
            case "NFKD": _steps.Add(s => SafeNormalize(s, NormalizationForm.FormKD)); break;
            case "Lowercase": _steps.Add(s => s.ToLowerInvariant()); break;
            default:
                throw new NotSupportedException($"normalizer type \"{type}\" is not supported");
        }
    }

    // string.Normalize throws on lone surrogates; such text is left as it is rather than failing the prompt.
    private static string SafeNormalize(string s, NormalizationForm form)
    {
        try
        {
            return s.Normalize(form);
        }
        catch (ArgumentException)
        {
            return s;
        }
    }
}
