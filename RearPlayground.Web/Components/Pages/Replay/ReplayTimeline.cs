namespace RearPlayground.Web.Components.Pages.Replay;

/// <summary>
/// When each stored event plays, as an offset from the first: the recorded gaps, except that an idle gap longer than
/// <see cref="MaxGap"/> (a run waiting in the queue, a model loading) is shortened to it so nobody watches nothing.
/// </summary>
public sealed class ReplayTimeline
{
    public static readonly TimeSpan DefaultMaxGap = TimeSpan.FromSeconds(2);

    private readonly TimeSpan[] _offsets;

    public ReplayTimeline(IReadOnlyList<DateTimeOffset> at, TimeSpan? maxGap = null)
    {
        MaxGap = maxGap ?? DefaultMaxGap;
        _offsets = new TimeSpan[at.Count];
        for (var i = 1; i < at.Count; i++)
        {
            // Clocks can step back (stored from several processes): never a negative gap.
            var gap = at[i] - at[i - 1];
            if (gap < TimeSpan.Zero) gap = TimeSpan.Zero;
            if (gap > MaxGap)
            {
                gap = MaxGap;
                ShortenedGaps++;
            }
            _offsets[i] = _offsets[i - 1] + gap;
        }
    }

    public TimeSpan MaxGap { get; }
    public int Count => _offsets.Length;
    /// <summary>How many idle gaps were cut down to <see cref="MaxGap"/>.</summary>
    public int ShortenedGaps { get; }
    public TimeSpan Total => _offsets.Length == 0 ? TimeSpan.Zero : _offsets[^1];
    public IReadOnlyList<TimeSpan> Offsets => _offsets;

    /// <summary>When the event at <paramref name="index"/> plays.</summary>
    public TimeSpan OffsetOf(int index) => _offsets[index];

    /// <summary>How many events have played by <paramref name="position"/>: those whose offset is at most it.</summary>
    public int CountAt(TimeSpan position)
    {
        int lo = 0, hi = _offsets.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (_offsets[mid] <= position) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }
}
