using System.Collections.Concurrent;
using System.Text;

namespace RearPlayground.Worker.Engine.Tokenization;

/// <summary>
/// The BPE merge loop of Hugging Face's <c>BPE</c> model: a word starts as one symbol per code point
/// (or per <c>&lt;0xNN&gt;</c> byte when the char is not in the vocabulary and byte fallback is on), then the
/// adjacent pair with the lowest merge rank (leftmost on ties) is merged until no merge applies.
/// A heap keeps this O(n log n): Metaspace vocabularies make a whole prompt one "word".
/// </summary>
internal sealed class BpeMerger
{
    private const int MaxCachedWordLength = 64;
    private const int MaxCacheEntries = 100_000;

    private readonly Dictionary<string, int> _vocab;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _vocabBySpan;
    private readonly Dictionary<long, (int Rank, int NewId)> _merges;
    private readonly int[]? _byteIds;
    private readonly int? _unkId;
    private readonly bool _fuseUnk;
    private readonly bool _ignoreMerges;
    private readonly ConcurrentDictionary<string, int[]> _cache = new(StringComparer.Ordinal);
    private int _cacheCount; // ConcurrentDictionary.Count takes every lock: too slow to ask per word

    /// <exception cref="InvalidDataException">A merge names a token (or a merged token) missing from the vocabulary.</exception>
    public BpeMerger(
        Dictionary<string, int> vocab,
        IReadOnlyList<(string Left, string Right)> merges,
        bool byteFallback,
        int? unkId,
        bool fuseUnk,
        bool ignoreMerges)
    {
        _vocab = vocab;
        _vocabBySpan = vocab.GetAlternateLookup<ReadOnlySpan<char>>();
        _unkId = unkId;
        _fuseUnk = fuseUnk;
        _ignoreMerges = ignoreMerges;
        _merges = new Dictionary<long, (int, int)>(merges.Count);
        for (int rank = 0; rank < merges.Count; rank++)
        {
            (string left, string right) = merges[rank];
            if (!vocab.TryGetValue(left, out int a) || !vocab.TryGetValue(right, out int b))
                throw new InvalidDataException($"merge #{rank} \"{left} {right}\" uses a token that is not in the vocabulary");
            if (!vocab.TryGetValue(left + right, out int merged))
                throw new InvalidDataException($"merge #{rank} \"{left} {right}\" makes \"{left + right}\", which is not in the vocabulary");
            _merges[Key(a, b)] = (rank, merged); // later duplicates win, as in Hugging Face
        }
        if (byteFallback)
        {
            _byteIds = new int[256];
            for (int b = 0; b < 256; b++) _byteIds[b] = vocab.TryGetValue($"<0x{b:X2}>", out int id) ? id : -1;
        }
    }

    /// <summary>Appends the ids of one pre-tokenized word.</summary>
    public void Encode(string word, List<int> output)
    {
        if (word.Length == 0) return;
        if (_cache.TryGetValue(word, out int[]? cached))
        {
            output.AddRange(cached);
            return;
        }
        if (_ignoreMerges && _vocab.TryGetValue(word, out int whole))
        {
            output.Add(whole);
            return;
        }

        List<int> symbols = InitialSymbols(word);
        int[] result = Merge(symbols);
        if (word.Length <= MaxCachedWordLength && Volatile.Read(ref _cacheCount) < MaxCacheEntries && _cache.TryAdd(word, result))
            Interlocked.Increment(ref _cacheCount);
        output.AddRange(result);
    }

    private List<int> InitialSymbols(string word)
    {
        var symbols = new List<int>(word.Length);
        bool lastWasUnk = false;
        for (int i = 0; i < word.Length;)
        {
            // One symbol per code point: a surrogate pair is one char of the vocabulary.
            int len = char.IsHighSurrogate(word[i]) && i + 1 < word.Length && char.IsLowSurrogate(word[i + 1]) ? 2 : 1;
            ReadOnlySpan<char> ch = word.AsSpan(i, len);
            i += len;
            if (_vocabBySpan.TryGetValue(ch, out int id))
            {
                symbols.Add(id);
                lastWasUnk = false;
                continue;
            }
            if (_byteIds is not null && TryAddBytes(ch, symbols))
            {
                lastWasUnk = false;
                continue;
            }
            if (_unkId is int unk && !(_fuseUnk && lastWasUnk)) symbols.Add(unk);
            lastWasUnk = true; // without an unk token the char is dropped
        }
        return symbols;
    }

    private bool TryAddBytes(ReadOnlySpan<char> ch, List<int> symbols)
    {
        Span<byte> bytes = stackalloc byte[8];
        int count = Encoding.UTF8.GetBytes(ch, bytes);
        for (int k = 0; k < count; k++)
        {
            if (_byteIds![bytes[k]] < 0) return false;
        }
        for (int k = 0; k < count; k++) symbols.Add(_byteIds![bytes[k]]);
        return true;
    }

    private int[] Merge(List<int> symbols)
    {
        int n = symbols.Count;
        if (n < 2) return symbols.ToArray();

        int[] sym = symbols.ToArray();
        var prev = new int[n];
        var next = new int[n];
        for (int i = 0; i < n; i++)
        {
            prev[i] = i - 1;
            next[i] = i + 1 < n ? i + 1 : -1;
        }

        // Entries are (position, id the merge makes); stale ones are skipped when popped.
        var queue = new PriorityQueue<(int Pos, int NewId), long>();
        for (int i = 0; i + 1 < n; i++) TryQueue(queue, sym, i, i + 1);

        int remaining = n;
        while (queue.TryDequeue(out (int Pos, int NewId) top, out _))
        {
            int pos = top.Pos;
            int right = next[pos];
            if (sym[pos] < 0 || right < 0) continue;
            if (!_merges.TryGetValue(Key(sym[pos], sym[right]), out var merge) || merge.NewId != top.NewId) continue;

            sym[pos] = merge.NewId;
            sym[right] = -1;
            next[pos] = next[right];
            if (next[right] >= 0) prev[next[right]] = pos;
            remaining--;

            if (prev[pos] >= 0) TryQueue(queue, sym, prev[pos], pos);
            if (next[pos] >= 0) TryQueue(queue, sym, pos, next[pos]);
        }

        var result = new int[remaining];
        int k = 0;
        for (int i = 0; i >= 0; i = next[i]) result[k++] = sym[i];
        return result;
    }

    private void TryQueue(PriorityQueue<(int, int), long> queue, int[] sym, int left, int right)
    {
        if (_merges.TryGetValue(Key(sym[left], sym[right]), out var merge))
            queue.Enqueue((left, merge.NewId), ((long)merge.Rank << 32) | (uint)left);
    }

    private static long Key(int left, int right) => ((long)left << 32) | (uint)right;
}
