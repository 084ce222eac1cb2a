using System.Runtime.CompilerServices;
using System.Threading.Channels;
using RearPlayground.Worker.Engine;
using RearPlayground.Worker.Search.Events;

namespace RearPlayground.Worker.Search;

/// <summary>
/// A search as an ordered event stream through a bounded channel. The stream always ends with exactly one terminal
/// event: <see cref="RunFinished"/>, <see cref="RunFailed"/> or <see cref="RunCancelled"/>. Cancelling the token stops
/// the search within one model call, also while it waits for room in the channel.
/// </summary>
public static class SearchStream
{
    public const int Capacity = 256;

    public static async IAsyncEnumerable<SearchEvent> RunAsync(LanguageModel model, SearchRequest request,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var channel = CreateChannel(Capacity);
        var worker = Task.Factory.StartNew(
            () => Produce(emit => SearchRunner.Run(model, request, emit, cancellationToken), channel.Writer, cancellationToken),
            CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        // Reading ignores the token: after cancellation the worker still writes its RunCancelled, which we deliver.
        await foreach (var e in channel.Reader.ReadAllAsync(CancellationToken.None)) yield return e.Event;
        await worker;
    }

    /// <summary>Bounded: a slow reader holds the search back instead of letting events pile up in memory.</summary>
    public static Channel<EmittedEvent> CreateChannel(int capacity) =>
        Channel.CreateBounded<EmittedEvent>(new BoundedChannelOptions(capacity) { SingleReader = true, SingleWriter = true });

    /// <summary>
    /// Runs <paramref name="search"/> on the calling thread, writing each event it emits into <paramref name="writer"/>
    /// (waiting for room when the reader is behind), then exactly one terminal event: the search's own, else
    /// <see cref="RunCancelled"/> when <paramref name="cancellationToken"/> stopped it, else <see cref="RunFailed"/> with
    /// the exception's message (<paramref name="failed"/> sees the exception first). Completes the writer at the end.
    /// </summary>
    public static void Produce(Action<Action<SearchEvent>> search, ChannelWriter<EmittedEvent> writer,
        CancellationToken cancellationToken, Action<Exception>? failed = null)
    {
        var ended = false;
        try
        {
            search(e =>
            {
                Write(writer, e, cancellationToken);
                ended |= e.IsTerminal;
            });
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            if (!ended) End(writer, new RunCancelled());
        }
        catch (Exception e)
        {
            failed?.Invoke(e);
            if (!ended) End(writer, new RunFailed(e.Message));
        }
        finally
        {
            writer.TryComplete();
        }
    }

    // The search thread waits here while the reader is behind; a cancel ends the wait (and so the search).
    public static void Write(ChannelWriter<EmittedEvent> writer, SearchEvent e, CancellationToken cancellationToken)
    {
        var item = new EmittedEvent(e, DateTimeOffset.UtcNow);
        if (!writer.TryWrite(item)) writer.WriteAsync(item, cancellationToken).AsTask().GetAwaiter().GetResult();
    }

    // The terminal event waits for room whatever the token says; only a reader that closed the channel (it failed) drops it.
    public static void End(ChannelWriter<EmittedEvent> writer, SearchEvent terminal)
    {
        try { Write(writer, terminal, CancellationToken.None); }
        catch (ChannelClosedException) { }
    }
}
