using System.Diagnostics;
using System.Globalization;

namespace RearPlayground.Worker.Eval;

/// <summary>
/// Eval progress on stderr (never stdout, so <c>--json</c> stays clean). On a terminal one line is redrawn
/// in place with \r; when stderr is a file or pipe, redraws would pile up as garbage, so a plain line is
/// written at most every <paramref name="interval"/> instead (and always for the first item).
/// </summary>
public sealed class ProgressBar(TextWriter writer, bool interactive, TimeSpan? interval = null)
{
    private const int Width = 24;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly TimeSpan _interval = interval ?? TimeSpan.FromSeconds(10);
    private TimeSpan? _lastLine;
    private int _lastLength;

    public void Report(EvalProgress p)
    {
        var elapsed = _clock.Elapsed;
        if (interactive)
        {
            var line = Format(p, elapsed, bar: true);
            // Pad over the previous, possibly longer, text so no stale characters remain.
            writer.Write("\r" + line.PadRight(_lastLength));
            _lastLength = line.Length;
            writer.Flush();
        }
        else if (_lastLine is null || elapsed - _lastLine >= _interval)
        {
            writer.WriteLine(Format(p, elapsed, bar: false));
            writer.Flush();
            _lastLine = elapsed;
        }
    }

    /// <summary>Ends the progress display: on a terminal, moves past the redrawn line.</summary>
    public void Finish(int items)
    {
        var line = string.Format(CultureInfo.InvariantCulture, "eval: {0} items done in {1}", items, Clock(_clock.Elapsed));
        writer.WriteLine(interactive ? "\r" + line.PadRight(_lastLength) : line);
        writer.Flush();
    }

    internal static string Format(EvalProgress p, TimeSpan elapsed, bool bar)
    {
        // Done fraction counts finished runs, so the bar moves within an item too.
        var done = ((p.Item - 1) * p.Runs + p.RunIndex - 1) / (double)(p.Items * p.Runs);
        var filled = (int)Math.Round(done * Width);
        var prefix = bar ? $"[{new string('#', filled)}{new string('.', Width - filled)}] " : "eval: ";
        return string.Format(CultureInfo.InvariantCulture, "{0}item {1}/{2} · {3} · {4:0}% · {5} elapsed",
            prefix, p.Item, p.Items, p.Run, done * 100, Clock(elapsed));
    }

    private static string Clock(TimeSpan t) =>
        t.TotalHours >= 1 ? t.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture) : t.ToString(@"m\:ss", CultureInfo.InvariantCulture);
}
