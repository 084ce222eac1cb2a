using System.Threading.Channels;
using RearPlayground.Web.Components.Shared;

namespace RearPlayground.Tests.Web.Components.Shared;

/// <summary>The pages' one polling loop: a tick per interval, none before, until the tick says done or the page goes away.</summary>
public sealed class PollerTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Ticks_once_per_interval_until_the_tick_says_it_is_done()
    {
        var time = new ManualTimeProvider();
        var ticks = Channel.CreateUnbounded<int>();
        var count = 0;
        await using var poller = new Poller(TimeSpan.FromSeconds(1), time);
        poller.Start(_ => { ticks.Writer.TryWrite(++count); return Task.FromResult(count < 3); });
        Assert.True(poller.Running);

        time.Advance(TimeSpan.FromMilliseconds(900));
        await Task.Delay(50);
        Assert.Equal(0, count); // nothing before the first interval

        for (var expected = 1; expected <= 3; expected++)
        {
            time.Advance(TimeSpan.FromMilliseconds(expected == 1 ? 100 : 1000));
            Assert.Equal(expected, await ticks.Reader.ReadAsync().AsTask().WaitAsync(Wait));
        }
        await WaitUntilAsync(() => !poller.Running);

        time.Advance(TimeSpan.FromSeconds(5));
        await Task.Delay(50);
        Assert.Equal(3, count); // done is done
    }

    [Fact]
    public async Task Starting_twice_runs_one_loop_and_disposing_stops_it_for_good()
    {
        var time = new ManualTimeProvider();
        var count = 0;
        var poller = new Poller(TimeSpan.FromSeconds(1), time);
        var ticked = new SemaphoreSlim(0);
        Func<CancellationToken, Task<bool>> tick = _ => { Interlocked.Increment(ref count); ticked.Release(); return Task.FromResult(true); };
        poller.Start(tick);
        poller.Start(tick);

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(await ticked.WaitAsync(Wait));
        await Task.Delay(50);
        Assert.Equal(1, count); // one loop, not two

        await poller.DisposeAsync();
        Assert.False(poller.Running);
        poller.Start(tick);
        time.Advance(TimeSpan.FromSeconds(3));
        await Task.Delay(50);
        Assert.Equal(1, count);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(10);
        }
    }
}
