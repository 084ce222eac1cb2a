using RearPlayground.Worker.Engine.Sampling;

namespace RearPlayground.Tests.Engine;

/// <summary>RowParallel hands rows out in grains claimed as workers come: each row exactly once, errors to the caller.</summary>
public class RowParallelTests
{
    [Fact]
    public void Every_row_runs_exactly_once_whatever_thread_takes_it()
    {
        var parallel = new RowParallel<int[]>(() => new int[1]);
        for (var round = 0; round < 20; round++)
        {
            var seen = new int[1000];
            parallel.For(seen.Length, 4096, (r, _) => Interlocked.Increment(ref seen[r]));
            Assert.All(seen, n => Assert.Equal(1, n));
        }
    }

    [Fact]
    public void A_failing_row_fails_the_call_and_the_next_call_still_runs()
    {
        var parallel = new RowParallel<int[]>(() => new int[1]);
        var error = Assert.Throws<InvalidOperationException>(() =>
            parallel.For(500, 4096, (r, _) => { if (r == 321) throw new InvalidOperationException("row 321"); }));
        Assert.Equal("row 321", error.Message);
        var count = 0;
        parallel.For(500, 4096, (_, _) => Interlocked.Increment(ref count));
        Assert.Equal(500, count);
    }
}
