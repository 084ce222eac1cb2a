using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.ExceptionServices;
using RearPlayground.Data.Runs;

namespace RearPlayground.Tests.Jobs;

/// <summary>
/// An <see cref="IRunStore"/> that forwards to a real one and lets a test hold, count or fail its batch appends
/// (<see cref="BeforeBatch"/> runs first: awaiting holds the writer, throwing fails the batch). Everything else passes.
/// </summary>
public class HookedStore : DispatchProxy
{
    private IRunStore _inner = null!;

    /// <summary>Called with the call's number (0 = the first batch) and its writes before the real append.</summary>
    public Func<int, IReadOnlyList<EventWrite>, Task>? BeforeBatch { get; set; }

    /// <summary>Like <see cref="BeforeBatch"/>, with the run's id; runs after it.</summary>
    public Func<Guid, IReadOnlyList<EventWrite>, Task>? BeforeRunBatch { get; set; }

    /// <summary>The sizes of the batches stored, in order.</summary>
    public ConcurrentQueue<int> Batches { get; } = new();

    /// <summary>Runs before each single append and each TryFinishAsync (how a writer records a run's end); throwing fails it.</summary>
    public Func<string, Task>? BeforeEnd { get; set; }

    private int _calls;

    public static (IRunStore Store, HookedStore Hooks) Wrap(IRunStore inner)
    {
        var store = Create<IRunStore, HookedStore>();
        var hooks = (HookedStore)(object)store;
        hooks._inner = inner;
        return (store, hooks);
    }

    protected override object? Invoke(MethodInfo? method, object?[]? args)
    {
        // A writer's batches go through this store's AppendBatchAsync, so the hooks see them.
        if (method!.Name == nameof(IRunStore.OpenAppender)) return new BatchAppender((IRunStore)(object)this, (Guid)args![0]!);
        if (method.Name == nameof(IRunStore.AppendBatchAsync))
            return AppendBatchAsync((Guid)args![0]!, (IReadOnlyList<EventWrite>)args[1]!, (CancellationToken)args[2]!);
        if (BeforeEnd is { } end && method.Name == nameof(IRunStore.AppendAsync))
            return Hooked(end(method.Name), () => (Task<long>)method.Invoke(_inner, args)!);
        if (BeforeEnd is { } finish && method.Name == nameof(IRunStore.TryFinishAsync))
            return Hooked(finish(method.Name), () => (Task<bool>)method.Invoke(_inner, args)!);
        try
        {
            return method.Invoke(_inner, args);
        }
        catch (TargetInvocationException e)
        {
            ExceptionDispatchInfo.Throw(e.InnerException!);
            throw;
        }
    }

    private static async Task<T> Hooked<T>(Task hook, Func<Task<T>> call)
    {
        await hook;
        return await call();
    }

    private async Task<long> AppendBatchAsync(Guid runId, IReadOnlyList<EventWrite> writes, CancellationToken ct)
    {
        if (BeforeBatch is { } hook) await hook(Interlocked.Increment(ref _calls) - 1, writes);
        if (BeforeRunBatch is { } runHook) await runHook(runId, writes);
        var first = await _inner.AppendBatchAsync(runId, writes, ct);
        Batches.Enqueue(writes.Count);
        return first;
    }
}
