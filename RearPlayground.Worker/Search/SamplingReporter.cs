using System.Diagnostics;
using RearPlayground.Worker.Engine.Tokenization;
using RearPlayground.Worker.Search.Events;

namespace RearPlayground.Worker.Search;

/// <summary>
/// Turns Best-of-N's sampling steps into <see cref="ProgressReported"/> and <see cref="PartialText"/> events, at most
/// one pair per <see cref="Interval"/> (the first step at once), so a live view fills its candidate cards while sampling goes on. Only the
/// candidates whose text changed are sent, as the change.
/// </summary>
public sealed class SamplingReporter(ITextTokenizer tokenizer, int count, int maxTokens, Action<SearchEvent> emit)
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    private readonly string[] _sent = Enumerable.Repeat("", count).ToArray();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    // The first step is sent at once, so a live view shows the first tokens without waiting an interval (and a short run streams at all).
    private TimeSpan _last = -Interval;

    public void Observe(IReadOnlyList<IReadOnlyList<int>> tokens)
    {
        var now = _clock.Elapsed;
        if (now - _last < Interval) return;
        _last = now;
        var generated = 0;
        var deltas = new List<TextDelta>();
        for (var i = 0; i < tokens.Count; i++)
        {
            generated += tokens[i].Count;
            var text = tokenizer.Decode(tokens[i]);
            var from = CommonPrefix(_sent[i], text);
            if (from == _sent[i].Length && from == text.Length) continue;
            deltas.Add(new TextDelta(i, from, text[from..]));
            _sent[i] = text;
        }
        var longest = tokens.Count == 0 ? 0 : tokens.Max(t => t.Count);
        emit(new ProgressReported(longest, maxTokens, generated, generated / Math.Max(now.TotalSeconds, 1e-9)));
        if (deltas.Count > 0) emit(new PartialText(generated, [.. deltas]));
    }

    private static int CommonPrefix(string a, string b)
    {
        var n = Math.Min(a.Length, b.Length);
        var i = 0;
        while (i < n && a[i] == b[i]) i++;
        // Never split a surrogate pair.
        if (i > 0 && i < b.Length && char.IsLowSurrogate(b[i])) i--;
        return i;
    }
}
