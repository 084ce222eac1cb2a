using System.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using RearPlayground.Data.Entities;

namespace RearPlayground.Data.Profiles;

/// <summary><see cref="IProfileStore"/> on SQLite: one short-lived context per call. Names compare with NOCASE (the column's collation).</summary>
public sealed class ProfileStore(IDbContextFactory<RearDbContext> factory) : IProfileStore
{
    public async Task<IReadOnlyList<ProfileEntity>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.Profiles.AsNoTracking().OrderBy(p => p.Name).ToListAsync(cancellationToken);
    }

    public async Task<ProfileEntity?> FindAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.Profiles.AsNoTracking().SingleOrDefaultAsync(p => p.Name == name, cancellationToken);
    }

    public async Task<bool> CreateAsync(ProfileEntity profile, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(profile);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        db.Profiles.Add(profile);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        // The unique index on Name decides, so two creates at once cannot both win.
        catch (DbUpdateException e) when (e.InnerException is SqliteException { SqliteErrorCode: 19 })
        {
            return false;
        }
    }

    public async Task<bool> DeleteAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.Profiles.Where(p => p.Name == name).ExecuteDeleteAsync(cancellationToken) > 0;
    }

    public async Task<bool> SetDefaultAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        // BEGIN IMMEDIATE: clear the old default and set the new one under one write lock (the filtered unique index allows one).
        await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.Serializable, cancellationToken);
        if (!await db.Profiles.AnyAsync(p => p.Name == name, cancellationToken)) return false;
        await db.Profiles.Where(p => p.IsTeamDefault).ExecuteUpdateAsync(s => s.SetProperty(p => p.IsTeamDefault, false), cancellationToken);
        await db.Profiles.Where(p => p.Name == name).ExecuteUpdateAsync(s => s.SetProperty(p => p.IsTeamDefault, true), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }
}
