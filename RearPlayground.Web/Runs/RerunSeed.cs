using RearPlayground.Worker.Contracts;

namespace RearPlayground.Web.Runs;

/// <summary>
/// What a re-run does with the stored seed. <see cref="Same"/> (the default) reproduces the run exactly: a request's
/// seed is always stored, and one that named none ran with RunRequest's default, 0, which is stored too.
/// <see cref="New"/> writes a fresh random seed into the new request, so the re-run samples other candidates.
/// </summary>
public enum RerunSeed { Same, New }

public static class RerunSeeds
{
    public const string Rule = "seed must be 'same' (the exact reproduction, the default) or 'new' (a fresh random seed)";

    /// <summary>"same" or "new", any case; null or blank is the default, <see cref="RerunSeed.Same"/>.</summary>
    public static bool TryParse(string? value, out RerunSeed seed)
    {
        seed = RerunSeed.Same;
        switch (value?.Trim().ToLowerInvariant())
        {
            case null or "" or "same": return true;
            case "new": seed = RerunSeed.New; return true;
            default: return false;
        }
    }

    public static string Name(this RerunSeed seed) => seed == RerunSeed.New ? "new" : "same";

    /// <summary>
    /// The request to run again: the stored one as is, or with a random seed other than its own. Seeds stay below 2³¹
    /// so they read and type easily in the form's seed field.
    /// </summary>
    public static RunRequest For(RunRequest stored, RerunSeed seed, Random? random = null)
    {
        if (seed == RerunSeed.Same) return stored;
        random ??= Random.Shared;
        long fresh;
        do fresh = random.NextInt64(1, int.MaxValue);
        while (fresh == stored.Seed);
        return stored with { Seed = fresh };
    }
}
