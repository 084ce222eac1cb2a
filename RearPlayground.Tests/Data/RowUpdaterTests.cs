using Microsoft.EntityFrameworkCore;
using RearPlayground.Data.Entities;
using RearPlayground.Data.Sqlite;

namespace RearPlayground.Tests.Data;

/// <summary>RowUpdater reads a row as EF reads it and writes back exactly the columns EF's SaveChanges would, in the caller's transaction.</summary>
public sealed class RowUpdaterTests
{
    private static readonly DateTimeOffset Created = new DateTimeOffset(2026, 11, 30, 9, 30, 15, 123, TimeSpan.FromHours(2)).AddTicks(4567);

    [Fact]
    public async Task A_row_reads_back_as_EF_reads_it()
    {
        await using var db = await TempDatabase.CreateAsync();
        var run = await db.CreateRunAsync(RunStatus.Running, createdAt: Created);
        await using (var ctx = db.NewContext())
        {
            var tracked = await ctx.Runs.SingleAsync(r => r.Id == run.Id);
            (tracked.StartedAt, tracked.Best, tracked.LastSequence, tracked.CancelRequested, tracked.Error) = (Created.AddSeconds(1), 3, 41, true, "é \"quoted\"");
            await ctx.SaveChangesAsync();
        }

        await using var read = db.NewContext();
        var ef = await read.Runs.AsNoTracking().SingleAsync(r => r.Id == run.Id);
        var row = await RowUpdater.FindAsync<RunEntity>(read, run.Id, CancellationToken.None);

        Assert.NotNull(row);
        Assert.Equivalent(ef, row.Entity, strict: true);
        Assert.Equal(RunStatus.Running, row.Entity.Status);
        Assert.Equal(Created.UtcTicks, row.Entity.CreatedAt.UtcTicks);
        Assert.Null(await RowUpdater.FindAsync<RunEntity>(read, Guid.NewGuid(), CancellationToken.None));
    }

    [Fact]
    public async Task Changed_columns_are_written_as_SaveChanges_writes_them_and_only_those()
    {
        await using var db = await TempDatabase.CreateAsync();
        var (viaEf, viaUpdater) = (await db.CreateRunAsync(createdAt: Created), await db.CreateRunAsync(createdAt: Created));
        var finished = new DateTimeOffset(2026, 11, 30, 10, 0, 0, TimeSpan.Zero).AddTicks(7);
        void Change(RunEntity r) =>
            (r.Status, r.FinishedAt, r.Best, r.LastSequence, r.TimingsJson, r.Preference) = (RunStatus.Succeeded, finished, 2, 33, "{\"totalMs\":1.5}", null);

        await using (var ctx = db.NewContext())
        {
            Change(await ctx.Runs.SingleAsync(r => r.Id == viaEf.Id));
            await ctx.SaveChangesAsync();
        }
        db.Scalar($"UPDATE Runs SET JobId = 'job-7' WHERE Id = upper('{viaEf.Id}')");
        await using (var ctx = db.NewContext())
        {
            var row = (await RowUpdater.FindAsync<RunEntity>(ctx, viaUpdater.Id, CancellationToken.None))!;
            // Another writer's change to a column this one does not touch survives: only changed columns are written.
            db.Scalar($"UPDATE Runs SET JobId = 'job-7' WHERE Id = upper('{viaUpdater.Id}')");
            Change(row.Entity);
            Assert.True(await RowUpdater.SaveAsync(ctx, row, CancellationToken.None));
            var again = (await RowUpdater.FindAsync<RunEntity>(ctx, viaUpdater.Id, CancellationToken.None))!;
            Change(again.Entity);
            Assert.False(await RowUpdater.SaveAsync(ctx, again, CancellationToken.None));
        }

        Assert.Equal(Row(db, viaEf.Id), Row(db, viaUpdater.Id));
        Assert.Contains("JobId:TEXT:job-7", Row(db, viaUpdater.Id));
    }

    // The run's one row, every column but the key.
    private static string Row(TempDatabase db, Guid id)
    {
        var rows = db.RawRows("Runs", "Id", id, "Id");
        Assert.Single(rows);
        return rows[0];
    }

    [Fact]
    public async Task An_update_in_a_transaction_that_rolls_back_is_not_stored()
    {
        await using var db = await TempDatabase.CreateAsync();
        var run = await db.CreateRunAsync();
        await using (var ctx = db.NewContext())
        {
            await using var transaction = await ctx.Database.BeginTransactionAsync();
            var row = (await RowUpdater.FindAsync<RunEntity>(ctx, run.Id, CancellationToken.None))!;
            row.Entity.Status = RunStatus.Failed;
            await RowUpdater.SaveAsync(ctx, row, CancellationToken.None);
            await transaction.RollbackAsync();
        }
        Assert.Equal("Queued", db.Scalar($"SELECT Status FROM Runs WHERE Id = upper('{run.Id}')"));
    }
}
