namespace RearPlayground.Worker.Jobs;

/// <summary>
/// How a batch runs its items: <see cref="ItemsPerPass"/> Best-of-N items' searches share one batched generation
/// (<c>Rear:Batches:ItemsPerPass</c>; 1: each item alone, as a single run). The default is where the batch benchmark
/// (docs/reliability.md) stopped gaining on a 2-core CPU; more items per pass hold more KV cache at once.
/// </summary>
public sealed record BatchPassOptions(int ItemsPerPass = BatchPassOptions.DefaultItemsPerPass)
{
    public const int DefaultItemsPerPass = 8;
}
