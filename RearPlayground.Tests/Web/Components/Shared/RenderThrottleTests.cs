using RearPlayground.Web.Components.Shared;

namespace RearPlayground.Tests.Web.Components.Shared;

/// <summary>Redraws coalesce: many requests, at most one flush per interval, and always one after the last request.</summary>
public sealed class RenderThrottleTests
{
    [Fact]
    public void Requests_within_an_interval_become_one_flush_and_the_last_one_is_never_lost()
    {
        var time = new ManualTimeProvider();
        var flushes = 0;
        using var throttle = new RenderThrottle(() => { flushes++; return Task.CompletedTask; }, time, TimeSpan.FromMilliseconds(50));

        throttle.Request();
        time.Advance(TimeSpan.Zero);
        Assert.Equal(1, flushes); // the first one at once

        for (var i = 0; i < 10; i++)
        {
            throttle.Request();
            time.Advance(TimeSpan.FromMilliseconds(4));
        }
        Assert.Equal(1, flushes); // 40 ms later: still within the interval
        time.Advance(TimeSpan.FromMilliseconds(10));
        Assert.Equal(2, flushes); // the burst, once, 50 ms after the first

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(2, flushes); // nothing asked, nothing done

        throttle.Request();
        time.Advance(TimeSpan.Zero);
        Assert.Equal(3, flushes); // idle long enough: at once again
    }

    [Fact]
    public void Nothing_flushes_after_dispose()
    {
        var time = new ManualTimeProvider();
        var flushes = 0;
        var throttle = new RenderThrottle(() => { flushes++; return Task.CompletedTask; }, time);
        throttle.Request();
        time.Advance(TimeSpan.Zero);
        throttle.Request();
        throttle.Dispose();
        time.Advance(TimeSpan.FromSeconds(1));
        throttle.Request();
        Assert.Equal(1, flushes);
    }
}
