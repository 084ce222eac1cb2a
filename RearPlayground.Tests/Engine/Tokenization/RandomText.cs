using System.Text;

namespace RearPlayground.Tests.Engine.Tokenization;

/// <summary>Seeded random text mixing words, digits, punctuation, whitespace runs and non-ASCII, for parity fuzzing.</summary>
internal static class RandomText
{
    private static readonly string[] Atoms =
    [
        "the", " the", "Once", " upon", "Lily", " cat", "don't", "I'M", "'ll", "'s", "123", "4", "3.5", ",", ".", "!", "?!",
        " ", "  ", "   ", "\t", "\n", "\n\n", "\r\n", "-", "--", "()", "{}", "<", ">", "</", "s>", "<s>", "</s>", "\"", "'",
        "\u00e9", "\u00fc", "\u00df", "\u00c5", "\u65e5", "\u672c", "\u4e2d", "\u3042", "\u0416", "\u05e9", "\u0645",
        "\U0001F600", "\U0001F680", "\u200D", "\u00a0", "\u3000", "#", "@", "_", "=", "+", "*", "/", "\\", "~", "\u2581",
    ];

    public static IEnumerable<string> Generate(int seed, int count, int maxAtoms)
    {
        var random = new Random(seed);
        for (int i = 0; i < count; i++)
        {
            var text = new StringBuilder();
            int atoms = random.Next(1, maxAtoms);
            for (int k = 0; k < atoms; k++) text.Append(Atoms[random.Next(Atoms.Length)]);
            yield return text.ToString();
        }
    }
}
