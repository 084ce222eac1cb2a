namespace RearPlayground.Worker.Engine.Generation;

/// <summary>
/// Runs a context once, minus its last token, and forks the cache into <paramref name="rows"/> rows. The last
/// token stays pending: feeding it first yields the logits that predict the continuation's first token.
/// </summary>
public static class Prefill
{
    public static KvState Fork(LanguageModel model, int[] context, int rows, CancellationToken cancellationToken = default,
        PassProfile? profile = null)
    {
        if (context.Length == 0) throw new ArgumentException("the context is empty");
        using var root = KvState.Empty(model, 1);
        var start = PassProfile.Now();
        if (context.Length > 1)
            model.Forward(root, context.AsSpan(0, context.Length - 1), context.Length - 1, cancellationToken: cancellationToken).Dispose();
        profile?.Forward(start);
        start = PassProfile.Now();
        var forked = root.Gather(new int[rows]);
        profile?.Copies(start);
        return forked;
    }

    /// <summary>
    /// Runs the whole context once (batch 1) and returns its cache with the logits of its last position: the distribution of
    /// every continuation's first token, which a teacher-forced pass then need not compute once per row.
    /// </summary>
    public static (KvState State, ForwardOutput Last) Run(LanguageModel model, int[] context, CancellationToken cancellationToken = default,
        PassProfile? profile = null)
    {
        if (context.Length == 0) throw new ArgumentException("the context is empty");
        var state = KvState.Empty(model, 1);
        try
        {
            var start = PassProfile.Now();
            var output = model.Forward(state, context, context.Length, cancellationToken: cancellationToken);
            profile?.Forward(start);
            return (state, output);
        }
        catch
        {
            state.Dispose();
            throw;
        }
    }
}
