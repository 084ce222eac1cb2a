namespace RearPlayground.Web.Runs;

/// <summary>
/// The <c>Idempotency-Key</c> a submit may carry: the same key from the same owner within
/// <see cref="RunService.IdempotencyWindow"/> answers the first run instead of starting another.
/// </summary>
public static class IdempotencyKeys
{
    public const string Header = "Idempotency-Key";
    /// <summary>The column's length (RunEntity.IdempotencyKey).</summary>
    public const int MaxLength = 200;

    /// <summary>Why <paramref name="key"/> is refused, or null when it is fine: 1 to 200 printable ASCII characters.</summary>
    public static string? Problem(string key)
    {
        if (key.Length == 0) return $"the {Header} header is empty: send 1 to {MaxLength} printable ASCII characters, or leave it out";
        if (key.Length > MaxLength) return $"the {Header} header is {key.Length} characters long; at most {MaxLength} are allowed";
        return key.All(c => c is >= ' ' and <= '~') ? null
            : $"the {Header} header may hold only printable ASCII characters (space to ~), e.g. a UUID";
    }

    /// <summary>A fresh key for one submission of a form.</summary>
    public static string New() => Guid.NewGuid().ToString("N");
}
