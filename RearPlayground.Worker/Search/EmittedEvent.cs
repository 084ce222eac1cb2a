using RearPlayground.Worker.Search.Events;

namespace RearPlayground.Worker.Search;

/// <summary>An event and when the search emitted it: a run's record keeps that time, however late the event is stored.</summary>
public readonly record struct EmittedEvent(SearchEvent Event, DateTimeOffset At);
