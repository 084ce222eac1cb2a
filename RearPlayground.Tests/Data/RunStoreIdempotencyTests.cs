using RearPlayground.Data.Entities;
using RearPlayground.Tests.Web.Components;

namespace RearPlayground.Tests.Data;

/// <summary>
/// CreateOnceAsync: one run per owner and Idempotency-Key within the window (on the store's clock), however many
/// submits race; a key past its window starts a new run and leaves the old one keyless.
/// </summary>
public sealed class RunStoreIdempotencyTests
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(10);

    private static RunEntity Keyed(string key, string owner = "alice") => new()
    {
        Owner = owner, Model = "stories260K", Method = "bon", Question = "Once upon a time", RequestJson = "{}",
        Status = RunStatus.Queued, IdempotencyKey = key,
    };

    private static long Count(TempDatabase db) => (long)db.Scalar("SELECT COUNT(*) FROM Runs")!;

    [Fact]
    public async Task The_same_key_within_ten_minutes_answers_the_first_run_and_after_them_starts_a_new_one()
    {
        var clock = new ManualTimeProvider();
        await using var db = await TempDatabase.CreateAsync(clock);

        var first = await db.Store.CreateOnceAsync(Keyed("k-1"), Window);
        Assert.True(first.Created);
        Assert.Equal(clock.GetUtcNow(), first.Run.CreatedAt);

        clock.Advance(TimeSpan.FromMinutes(9) + TimeSpan.FromSeconds(59));
        var again = await db.Store.CreateOnceAsync(Keyed("k-1"), Window);
        Assert.False(again.Created);
        Assert.Equal(first.Run.Id, again.Run.Id);
        Assert.Equal("k-1", again.Run.IdempotencyKey);
        Assert.Equal(1, Count(db));

        clock.Advance(TimeSpan.FromSeconds(2));
        var later = await db.Store.CreateOnceAsync(Keyed("k-1"), Window);
        Assert.True(later.Created);
        Assert.NotEqual(first.Run.Id, later.Run.Id);
        Assert.Equal(2, Count(db));
        // The key moved to the new run: the old one let go of it in the same transaction.
        Assert.Null((await db.Store.FindAsync(first.Run.Id))!.IdempotencyKey);
        Assert.Equal("k-1", (await db.Store.FindAsync(later.Run.Id))!.IdempotencyKey);

        // And the new run answers the key for its own ten minutes.
        clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(later.Run.Id, (await db.Store.CreateOnceAsync(Keyed("k-1"), Window)).Run.Id);
        Assert.Equal(2, Count(db));
    }

    [Fact]
    public async Task Another_owner_or_another_key_or_no_key_creates_a_run()
    {
        await using var db = await TempDatabase.CreateAsync();
        var first = await db.Store.CreateOnceAsync(Keyed("k"), Window);
        Assert.True((await db.Store.CreateOnceAsync(Keyed("k", owner: "bob"), Window)).Created);
        Assert.True((await db.Store.CreateOnceAsync(Keyed("k2"), Window)).Created);
        var keyless = Keyed("x");
        keyless.IdempotencyKey = null;
        Assert.True((await db.Store.CreateOnceAsync(keyless, Window)).Created);
        Assert.False((await db.Store.CreateOnceAsync(Keyed("k"), Window)).Created);
        Assert.Equal(4, Count(db));
        Assert.True(first.Created);
    }

    [Fact]
    public async Task Eight_concurrent_creates_with_one_key_store_one_run()
    {
        await using var db = await TempDatabase.CreateAsync();
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => db.Store.CreateOnceAsync(Keyed("race"), Window))));

        Assert.Single(results, r => r.Created);
        Assert.Single(results.Select(r => r.Run.Id).Distinct());
        Assert.Equal(1, Count(db));
    }
}
