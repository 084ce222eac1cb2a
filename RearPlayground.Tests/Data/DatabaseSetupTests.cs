using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RearPlayground.Data;
using RearPlayground.Data.Sqlite;

namespace RearPlayground.Tests.Data;

/// <summary>Migrations, WAL and per-connection settings on a real file; Identity shares the database.</summary>
public sealed class DatabaseSetupTests
{
    [Fact]
    public async Task Migrations_apply_and_match_the_model()
    {
        await using var db = await TempDatabase.CreateAsync();
        Assert.True(File.Exists(db.DatabasePath));
        await using var context = db.NewContext();
        Assert.Empty(await context.Database.GetPendingMigrationsAsync());
        Assert.Contains(await context.Database.GetAppliedMigrationsAsync(), m => m.EndsWith("_Initial"));
        // A model change without a migration would show here (and make MigrateAsync throw in EF 9+).
        Assert.False(context.Database.HasPendingModelChanges());
        foreach (var table in new[] { "Runs", "RunEvents", "TreeNodes", "Candidates", "Annotations", "AspNetUsers", "AspNetRoles" })
            Assert.Equal(1L, db.Scalar($"SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '{table}'"));
    }

    [Fact]
    public async Task Migrating_twice_is_harmless()
    {
        await using var db = await TempDatabase.CreateAsync();
        await db.Services.MigrateRearDataAsync();
        Assert.Equal(0L, db.Scalar("SELECT count(*) FROM Runs"));
    }

    [Fact]
    public async Task Wal_mode_is_on_in_the_file()
    {
        await using var db = await TempDatabase.CreateAsync();
        // A fresh connection that did not set it: WAL is a property of the file.
        Assert.Equal("wal", db.Scalar("PRAGMA journal_mode"));
    }

    [Fact]
    public async Task Ef_connections_get_the_busy_timeout()
    {
        await using var db = await TempDatabase.CreateAsync();
        await using var context = db.NewContext();
        await context.Database.OpenConnectionAsync();
        await using var command = context.Database.GetDbConnection().CreateCommand();
        command.CommandText = "PRAGMA busy_timeout";
        Assert.Equal((long)SqliteConnectionSetup.BusyTimeoutMs, await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Identity_users_live_in_the_same_database()
    {
        await using var db = await TempDatabase.CreateAsync();
        // AddDbContextFactory also registers the context as scoped: what Identity's EF stores resolve.
        await using (var scope = db.Services.CreateAsyncScope())
        {
            var context = scope.ServiceProvider.GetRequiredService<RearDbContext>();
            context.Users.Add(new IdentityUser("alice") { NormalizedUserName = "ALICE", LockoutEnd = DateTimeOffset.UtcNow.AddDays(1) });
            await context.SaveChangesAsync();
        }
        Assert.Equal("alice", db.Scalar("SELECT UserName FROM AspNetUsers"));
    }

    [Fact]
    public async Task Deleting_a_run_cascades_to_its_rows()
    {
        await using var db = await TempDatabase.CreateAsync();
        var run = await db.CreateRunAsync();
        await db.Store.AppendAsync(run.Id, new("NodeExpanded", "{}") { Nodes = [DataSamples.Node(0)], Candidates = [DataSamples.Candidate(0)] });
        await db.Store.AddAnnotationAsync(new() { RunId = run.Id, Annotator = "bob", Kind = "label", Value = "good" });
        await using (var context = db.NewContext())
            await context.Runs.Where(r => r.Id == run.Id).ExecuteDeleteAsync();
        foreach (var table in new[] { "RunEvents", "TreeNodes", "Candidates", "Annotations" })
            Assert.Equal(0L, db.Scalar($"SELECT count(*) FROM {table}"));
    }

    [Fact]
    public void Design_time_factory_builds_the_same_model()
    {
        using var context = new RearDbContextDesignFactory().CreateDbContext([]);
        Assert.NotNull(context.Model.FindEntityType(typeof(RearPlayground.Data.Entities.RunEntity)));
        Assert.False(context.Database.HasPendingModelChanges());
    }
}
