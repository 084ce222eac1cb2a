using System.Text;

namespace RearPlayground.Web.Components.Pages.Playground;

/// <summary>
/// Separator and stop strings are mostly line breaks, which a one-line input cannot show: the form edits them with
/// C-style escapes (\n, \t, \\). Unknown escapes stay as typed.
/// </summary>
public static class TextEscapes
{
    public static string Show(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var b = new StringBuilder(text.Length + 4);
        foreach (var c in text)
            b.Append(c switch { '\\' => @"\\", '\n' => @"\n", '\r' => @"\r", '\t' => @"\t", _ => c.ToString() });
        return b.ToString();
    }

    public static string Parse(string? shown)
    {
        if (string.IsNullOrEmpty(shown)) return "";
        var b = new StringBuilder(shown.Length);
        for (var i = 0; i < shown.Length; i++)
        {
            if (shown[i] != '\\' || i == shown.Length - 1) { b.Append(shown[i]); continue; }
            var next = shown[i + 1];
            var unescaped = next switch { 'n' => "\n", 'r' => "\r", 't' => "\t", '\\' => "\\", _ => null };
            if (unescaped is null) { b.Append('\\'); continue; }
            b.Append(unescaped);
            i++;
        }
        return b.ToString();
    }
}
