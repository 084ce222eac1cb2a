namespace RearPlayground.Worker.Engine.Generation;

/// <summary>
/// Runs a context once, minus its last token, and forks the cache into <paramref name="rows"/> rows. The last
/// token stays pending: feeding it first yields the logits that predict the continuation's first token.
/// </summary>
public static class Prefill
{
    public static KvState Fork(LanguageModel model, int[] context, int rows, CancellationToken cancellationToken = default)
    {
        if (context.Length == 0) throw new ArgumentException("the context is empty");
        using var root = KvState.Empty(model, 1);
        if (context.Length > 1)
            model.Forward(root, context.AsSpan(0, context.Length - 1), context.Length - 1, cancellationToken: cancellationToken).Dispose();
        return root.Gather(new int[rows]);
    }
}
