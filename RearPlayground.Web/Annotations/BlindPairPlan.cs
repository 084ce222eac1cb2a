using System.Text;

namespace RearPlayground.Web.Annotations;

/// <summary>Two candidates as shown in a blind pair: <see cref="Left"/> on the left (key 1), <see cref="Right"/> on the right (key 2).</summary>
public readonly record struct BlindPair(int Left, int Right)
{
    public CandidatePair Normalised => CandidatePair.Of(Left, Right);
}

/// <summary>
/// The order in which a user judges a run's pairs: every pair of candidates once, shuffled, each side chosen at
/// random, from a seed of (user, run): the same user sees the same order on every visit, another user another one.
/// </summary>
public static class BlindPairPlan
{
    public static IReadOnlyList<BlindPair> For(string user, Guid runId, IReadOnlyCollection<int> candidates)
    {
        var indices = candidates.Distinct().Order().ToArray();
        var pairs = new List<BlindPair>();
        for (var i = 0; i < indices.Length; i++)
            for (var j = i + 1; j < indices.Length; j++)
                pairs.Add(new BlindPair(indices[i], indices[j]));
        var random = new Random(Seed(user, runId));
        random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(pairs));
        return [.. pairs.Select(p => random.Next(2) == 0 ? p : new BlindPair(p.Right, p.Left))];
    }

    /// <summary>FNV-1a of "user|run": string.GetHashCode differs per process, this does not.</summary>
    public static int Seed(string user, Guid runId)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes($"{user}|{runId:N}"))
        {
            hash ^= b;
            hash *= 16777619u;
        }
        return unchecked((int)hash);
    }
}
