namespace RearPlayground.Web.Components.Pages.Models;

/// <summary>
/// Runs a redraw at most once per <paramref name="interval"/> however often it is asked for, and always once more
/// after the last request (a download that pauses still shows its latest bytes). Thread-safe.
/// </summary>
public sealed class RedrawThrottle(TimeSpan interval, Func<Task> draw)
{
    private readonly object _gate = new();
    private bool _scheduled;

    public void Request()
    {
        lock (_gate)
        {
            if (_scheduled) return;
            _scheduled = true;
        }
        _ = RunAsync();
    }

    private async Task RunAsync()
    {
        await Task.Delay(interval);
        lock (_gate) _scheduled = false;
        await draw();
    }
}
