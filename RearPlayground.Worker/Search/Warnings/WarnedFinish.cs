using RearPlayground.Worker.Search.Events;

namespace RearPlayground.Worker.Search.Warnings;

/// <summary>
/// Holds a search's last event, runFinished, until the finished candidates are checked (<see cref="ScoreWarnings"/>), so the
/// event carries the warnings the stored run gets. A single run (<see cref="SearchRunner"/>) and each item of a batch's pass
/// (<see cref="BestOfNPass"/>) finish through it.
/// </summary>
public sealed class WarnedFinish(Action<SearchEvent>? emit)
{
    private RunFinished? _finished;

    /// <summary>Where the search sends its events: all but runFinished pass through at once. Null when nobody listens.</summary>
    public Action<SearchEvent>? Events => emit is null ? null : Hold;

    private void Hold(SearchEvent e)
    {
        if (e is RunFinished finished) _finished = finished;
        else emit!(e);
    }

    /// <summary>The result with its warnings, after runFinished (with them) has been sent.</summary>
    public SearchResult Finish(SearchResult result)
    {
        result = ScoreWarnings.Add(result);
        if (_finished is not null) emit!(_finished with { Warnings = result.Warnings });
        return result;
    }
}
