using RearPlayground.Data.Entities;

namespace RearPlayground.Data.Profiles;

/// <summary>Scorer profiles, found by name (case-insensitive); at most one is the team's default.</summary>
public interface IProfileStore
{
    /// <summary>All profiles, by name.</summary>
    Task<IReadOnlyList<ProfileEntity>> ListAsync(CancellationToken cancellationToken = default);

    Task<ProfileEntity?> FindAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Stores a new profile; false when one with the same name (any case) exists.</summary>
    Task<bool> CreateAsync(ProfileEntity profile, CancellationToken cancellationToken = default);

    /// <summary>False when there is no such profile.</summary>
    Task<bool> DeleteAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Makes <paramref name="name"/> the one team default (the previous one stops being it); false when there is no such profile.</summary>
    Task<bool> SetDefaultAsync(string name, CancellationToken cancellationToken = default);
}
