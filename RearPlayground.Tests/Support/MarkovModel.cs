using RearPlayground.Worker.Engine;

namespace RearPlayground.Tests.Support;

/// <summary>
/// A deterministic fake language model for testing search: a real ONNX file whose logits at each position
/// depend only on the token there (a first-order Markov chain, logits[b, s, :] = Table[input_ids[b, s], :]),
/// in a temp model folder the engine loads like any export. Log-probs are exactly log-softmax of table rows,
/// so tests can compute expected scores by hand. Token ids are vocabulary indexes.
/// </summary>
public sealed class MarkovModel : IDisposable
{
    private readonly float[] _table;
    private readonly Dictionary<string, int> _ids;

    public string Folder { get; }
    public IReadOnlyList<string> Vocabulary { get; }
    public int BosId { get; }
    public int EosId { get; }

    private MarkovModel(string folder, IReadOnlyList<string> vocabulary, float[] table, int bosId, int eosId)
    {
        Folder = folder;
        Vocabulary = vocabulary;
        _table = table;
        _ids = vocabulary.Select((token, id) => (token, id)).ToDictionary(x => x.token, x => x.id, StringComparer.Ordinal);
        BosId = bosId;
        EosId = eosId;
    }

    /// <summary>
    /// Writes the model folder. <paramref name="logit"/>(from, to) is the logit of <c>to</c> following <c>from</c>.
    /// Vocabulary strings must be distinct and non-empty; Encode cuts them out of text leftmost-longest, so a
    /// concatenation round-trips unless one token is a prefix of another that could swallow the next token.
    /// </summary>
    public static MarkovModel Create(IReadOnlyList<string> vocabulary, Func<int, int, float> logit, int eosId, int bosId)
    {
        var v = vocabulary.Count;
        if (v < 2) throw new ArgumentException("at least two tokens are needed", nameof(vocabulary));
        if (vocabulary.Any(string.IsNullOrEmpty) || vocabulary.Distinct(StringComparer.Ordinal).Count() != v)
            throw new ArgumentException("tokens must be distinct and non-empty", nameof(vocabulary));
        if ((uint)eosId >= (uint)v || (uint)bosId >= (uint)v) throw new ArgumentOutOfRangeException(nameof(eosId));

        var table = new float[v * v];
        for (var from = 0; from < v; from++)
            for (var to = 0; to < v; to++)
                table[from * v + to] = logit(from, to);

        var folder = Path.Combine(Path.GetTempPath(), "rear-markov-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, "model.onnx"), MarkovModelFiles.Onnx(table, v));
        File.WriteAllText(Path.Combine(folder, "config.json"), MarkovModelFiles.Config(v, bosId, eosId));
        File.WriteAllText(Path.Combine(folder, "tokenizer.json"), MarkovModelFiles.TokenizerJson(vocabulary, bosId, eosId));
        File.WriteAllText(Path.Combine(folder, "tokenizer_config.json"), MarkovModelFiles.TokenizerConfig(vocabulary, bosId, eosId));
        return new MarkovModel(folder, [.. vocabulary], table, bosId, eosId);
    }

    /// <summary>Loads the folder on CPU; the caller disposes the model (before this object, to be tidy).</summary>
    public LanguageModel Load() => LanguageModel.Load(Folder, DeviceKind.Cpu);

    public int Id(string token) => _ids.TryGetValue(token, out var id) ? id : throw new KeyNotFoundException($"no token \"{token}\"");

    public int[] Ids(params string[] tokens) => [.. tokens.Select(Id)];

    public float Logit(int from, int to) => _table[from * Vocabulary.Count + to];

    /// <summary>log softmax(Table[from])[to], in double: what the engine's log-probs should equal (to float precision).</summary>
    public double LogProb(int from, int to)
    {
        var row = _table.AsSpan(from * Vocabulary.Count, Vocabulary.Count);
        var max = double.NegativeInfinity;
        foreach (var x in row) max = Math.Max(max, x);
        var sum = 0.0;
        foreach (var x in row) sum += Math.Exp(x - max);
        return row[to] - max - Math.Log(sum);
    }

    /// <summary>
    /// The Stories preset (ids are the indexes of <see cref="StoriesVocabulary"/>). Unlisted transitions get
    /// logit -4 (rare but possible when sampling); the successor of each token, by logit:
    /// <code>
    ///   &lt;s&gt;    → " once" 4, " the" 3, " a" 2
    ///   &lt;/s&gt;   → "&lt;/s&gt;" 4 (absorbing; generation stops at EOS anyway)
    ///   "\n\n"  → " the" 4, " once" 3, &lt;/s&gt; 2.5
    ///   " once" → " upon" 4, " a" 2, " the" 1.5
    ///   " upon" → " a" 4, " the" 3
    ///   " a"    → " time" 4, " cat" 3.5
    ///   " time" → "." 4, "\n\n" 2.5, " the" 2
    ///   " the"  → " cat" 4, " time" 2.5
    ///   " cat"  → " sat" 4, "." 3, "\n\n" 2
    ///   " sat"  → &lt;/s&gt; 4, "." 3.5, "\n\n" 2.5, " upon" 1
    ///   "."     → "\n\n" 4, &lt;/s&gt; 3, " the" 2.5
    /// </code>
    /// Greedy from [&lt;s&gt;] is <see cref="StoriesGreedyPath"/>: " once upon a time.\n\n the cat sat" then EOS,
    /// 10 tokens with "\n\n" 6th and EOS 10th. Each row's runner-up is 0.5-1.5 below its top, so sampling
    /// branches a lot; "\n\n" follows " time", " cat", " sat" and ".", and EOS follows "\n\n", " sat" and ".".
    /// </summary>
    public static MarkovModel Stories()
    {
        var table = StoriesTable();
        var v = StoriesVocabulary.Length;
        return Create(StoriesVocabulary, (from, to) => table[from * v + to], eosId: StoriesEosId, bosId: StoriesBosId);
    }

    public const int StoriesBosId = 0, StoriesEosId = 1;

    /// <summary>The <see cref="Stories"/> logits, [from, to] row-major over <see cref="StoriesVocabulary"/>.</summary>
    public static float[] StoriesTable()
    {
        var vocab = StoriesVocabulary;
        var id = vocab.Select((t, i) => (t, i)).ToDictionary(x => x.t, x => x.i);
        var rows = new Dictionary<string, (string To, float Logit)[]>
        {
            ["<s>"] = [(" once", 4), (" the", 3), (" a", 2)],
            ["</s>"] = [("</s>", 4)],
            ["\n\n"] = [(" the", 4), (" once", 3), ("</s>", 2.5f)],
            [" once"] = [(" upon", 4), (" a", 2), (" the", 1.5f)],
            [" upon"] = [(" a", 4), (" the", 3)],
            [" a"] = [(" time", 4), (" cat", 3.5f)],
            [" time"] = [(".", 4), ("\n\n", 2.5f), (" the", 2)],
            [" the"] = [(" cat", 4), (" time", 2.5f)],
            [" cat"] = [(" sat", 4), (".", 3), ("\n\n", 2)],
            [" sat"] = [("</s>", 4), (".", 3.5f), ("\n\n", 2.5f), (" upon", 1)],
            ["."] = [("\n\n", 4), ("</s>", 3), (" the", 2.5f)],
        };
        var table = new float[vocab.Length * vocab.Length];
        for (var from = 0; from < vocab.Length; from++)
        {
            for (var to = 0; to < vocab.Length; to++) table[from * vocab.Length + to] = -4;
            foreach (var (to, logit) in rows[vocab[from]]) table[from * vocab.Length + id[to]] = logit;
        }
        return table;
    }

    public static readonly string[] StoriesVocabulary =
        ["<s>", "</s>", "\n\n", " once", " upon", " a", " time", " the", " cat", " sat", "."];

    /// <summary>Greedy continuation of [&lt;s&gt;] in <see cref="Stories"/>, EOS included.</summary>
    public static readonly string[] StoriesGreedyPath =
        [" once", " upon", " a", " time", ".", "\n\n", " the", " cat", " sat", "</s>"];

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A session still holding the file (Windows) leaves a few KB in temp; not worth failing a test over.
        }
    }
}
