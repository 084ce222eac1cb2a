using System.Text;

namespace RearPlayground.Worker.Engine.Tokenization;

/// <summary>
/// GPT-2's reversible byte-to-unicode map: byte-level BPE vocabularies store every byte as a printable char
/// (e.g. space is 'Ġ', newline 'Ċ'), so tokens are strings while covering all 256 bytes.
/// </summary>
internal static class ByteLevelAlphabet
{
    private static readonly char[] s_byteToChar = BuildByteToChar();
    private static readonly Dictionary<char, byte> s_charToByte = BuildCharToByte();

    /// <summary>The UTF-8 bytes of <paramref name="text"/>, each written as its byte-level char.</summary>
    public static string Encode(string text)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        return string.Create(bytes.Length, bytes, static (span, b) =>
        {
            for (int i = 0; i < b.Length; i++) span[i] = s_byteToChar[b[i]];
        });
    }

    /// <summary>Appends the bytes a byte-level token string stands for; chars outside the alphabet go as UTF-8.</summary>
    public static void AppendBytes(string token, List<byte> output)
    {
        foreach (char c in token)
        {
            if (s_charToByte.TryGetValue(c, out byte b)) output.Add(b);
            else output.AddRange(Encoding.UTF8.GetBytes(c.ToString()));
        }
    }

    /// <summary>The byte-level char of one byte (used by tests and tokenizer builders).</summary>
    public static char CharOf(byte b) => s_byteToChar[b];

    private static char[] BuildByteToChar()
    {
        // Printable Latin-1 bytes map to themselves; the rest are shifted to 256+ in byte order (GPT-2's bytes_to_unicode).
        var map = new char[256];
        int next = 256;
        for (int b = 0; b < 256; b++)
        {
            bool printable = b is >= '!' and <= '~' or >= 0xA1 and <= 0xAC or >= 0xAE and <= 0xFF;
            map[b] = printable ? (char)b : (char)next++;
        }
        return map;
    }

    private static Dictionary<char, byte> BuildCharToByte()
    {
        var map = new Dictionary<char, byte>(256);
        for (int b = 0; b < 256; b++) map[s_byteToChar[b]] = (byte)b;
        return map;
    }
}
