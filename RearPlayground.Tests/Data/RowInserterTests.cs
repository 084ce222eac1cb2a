using Microsoft.EntityFrameworkCore;
using RearPlayground.Data.Entities;
using RearPlayground.Data.Sqlite;

namespace RearPlayground.Tests.Data;

/// <summary>RowInserter writes exactly the rows SaveChanges writes (GUIDs, UTC ticks, nulls, blobs), inside the caller's transaction.</summary>
public sealed class RowInserterTests
{
    [Fact]
    public async Task Inserted_rows_match_the_ones_EF_saves_column_for_column()
    {
        await using var db = await TempDatabase.CreateAsync();
        var (viaEf, viaInserter) = (await db.CreateRunAsync(), await db.CreateRunAsync());
        var at = new DateTimeOffset(2026, 11, 30, 9, 30, 15, 123, TimeSpan.FromHours(2)).AddTicks(4567);
        RunEventEntity Event(Guid run) => new() { RunId = run, Sequence = 1, Count = 3, Type = "", PayloadJson = "", At = at, Packed = [1, 0, 255, 7] };
        CandidateEntity Candidate(Guid run, int index)
        {
            var c = DataSamples.Candidate(index);
            (c.RunId, c.GenRmScore) = (run, index == 0 ? null : 0.25);
            return c;
        }
        TreeNodeEntity Node(Guid run, int id)
        {
            var n = DataSamples.Node(id, parent: id == 0 ? null : 0, kept: id == 1);
            n.RunId = run;
            return n;
        }

        await using (var ctx = db.NewContext())
        {
            ctx.RunEvents.Add(Event(viaEf.Id));
            ctx.Candidates.AddRange(Candidate(viaEf.Id, 0), Candidate(viaEf.Id, 1));
            ctx.TreeNodes.AddRange(Node(viaEf.Id, 0), Node(viaEf.Id, 1));
            await ctx.SaveChangesAsync();
        }
        await using (var ctx = db.NewContext())
        {
            await using var transaction = await ctx.Database.BeginTransactionAsync();
            await RowInserter.InsertAsync(ctx, [Event(viaInserter.Id)], CancellationToken.None);
            await RowInserter.InsertAsync(ctx, [Candidate(viaInserter.Id, 0), Candidate(viaInserter.Id, 1)], CancellationToken.None);
            await RowInserter.InsertAsync(ctx, [Node(viaInserter.Id, 0), Node(viaInserter.Id, 1)], CancellationToken.None);
            await transaction.CommitAsync();
        }

        foreach (var (table, order) in new[] { ("RunEvents", "Sequence"), ("Candidates", "\"Index\""), ("TreeNodes", "NodeId") })
        {
            var ef = db.RawRows(table, "RunId", viaEf.Id, order);
            var inserted = db.RawRows(table, "RunId", viaInserter.Id, order);
            Assert.NotEmpty(ef);
            Assert.Equal(ef, inserted);
        }
        // And EF reads them back as it wrote them.
        await using var read = db.NewContext();
        var stored = await read.RunEvents.AsNoTracking().SingleAsync(e => e.RunId == viaInserter.Id);
        Assert.Equal((at.UtcTicks, 3), (stored.At.UtcTicks, stored.Count));
        Assert.Equal([1, 0, 255, 7], stored.Packed!);
        Assert.Equal([null, 0.25], await read.Candidates.Where(c => c.RunId == viaInserter.Id).OrderBy(c => c.Index).Select(c => c.GenRmScore).ToListAsync());
    }

    [Fact]
    public async Task Rows_inserted_in_a_transaction_that_rolls_back_are_not_stored()
    {
        await using var db = await TempDatabase.CreateAsync();
        var run = await db.CreateRunAsync();
        await using (var ctx = db.NewContext())
        {
            await using var transaction = await ctx.Database.BeginTransactionAsync();
            var candidate = DataSamples.Candidate(0);
            candidate.RunId = run.Id;
            await RowInserter.InsertAsync(ctx, [candidate], CancellationToken.None);
            await transaction.RollbackAsync();
        }
        Assert.Equal(0L, db.Scalar("SELECT COUNT(*) FROM Candidates"));
    }

    [Fact]
    public async Task Hundreds_of_rows_go_in_several_statements_and_all_arrive()
    {
        await using var db = await TempDatabase.CreateAsync();
        var run = await db.CreateRunAsync();
        await using (var ctx = db.NewContext())
            await RowInserter.InsertAsync(ctx, [.. Enumerable.Range(0, 1500).Select(i =>
            {
                var node = DataSamples.Node(i);
                node.RunId = run.Id;
                return node;
            })], CancellationToken.None);
        Assert.Equal(1500L, db.Scalar("SELECT COUNT(*) FROM TreeNodes"));
        Assert.Equal(1499L * 1500 / 2, db.Scalar("SELECT SUM(NodeId) FROM TreeNodes"));
    }
}
