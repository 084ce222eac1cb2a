using RearPlayground.Web.Components.Shared.RunView;
using RearPlayground.Web.Live;

namespace RearPlayground.Web.Components.Pages.Replay;

/// <summary>
/// The view a replay shows: the run as told by its first <see cref="Applied"/> events. A <see cref="RunViewState"/>
/// only moves forward (it ignores an event it has seen), so moving back (a step back, a scrub, playing again from the
/// start) starts a new state and applies the events up to the new position again.
/// </summary>
public sealed class ReplayView(IReadOnlyList<RunEventMessage> events)
{
    public RunViewState State { get; private set; } = new();

    /// <summary>How many events the state has been given: events [0, Applied).</summary>
    public int Applied { get; private set; }

    public int Count => events.Count;

    /// <summary>The last event shown (its type names the step), or null before the first.</summary>
    public RunEventMessage? Last => Applied == 0 ? null : events[Applied - 1];

    /// <summary>Shows the first <paramref name="count"/> events: forward applies the new ones, back rebuilds.</summary>
    public void MoveTo(int count)
    {
        count = Math.Clamp(count, 0, events.Count);
        if (count < Applied)
        {
            State = new RunViewState();
            Applied = 0;
        }
        for (; Applied < count; Applied++) State.Apply(events[Applied]);
    }
}
