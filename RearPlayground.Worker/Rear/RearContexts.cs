namespace RearPlayground.Worker.Rear;

/// <summary>The two contexts REAR compares: s_t without the preference and s_t ⊕ x_p with it, as token ids.</summary>
public sealed record RearContexts(int[] Without, int[] With, string WithoutText, string WithText)
{
    public bool Identical => Without.AsSpan().SequenceEqual(With);

    public int[] SampleFrom(bool withPreference) => withPreference ? With : Without;

    /// <summary>Throws when a context plus <paramref name="maxNewTokens"/> does not fit the model's positions.</summary>
    public void EnsureFits(int maxPositions, int maxNewTokens)
    {
        var longest = Math.Max(Without.Length, With.Length);
        if (longest >= maxPositions)
            throw new ArgumentException($"prompt too long: {longest} tokens, the model's max positions are {maxPositions}");
        if (longest + maxNewTokens > maxPositions)
            throw new ArgumentException(
                $"prompt ({longest} tokens) plus max-tokens ({maxNewTokens}) exceeds the model's {maxPositions} positions: lower max-tokens to {maxPositions - longest} or shorten the prompt");
    }
}
