using System.Runtime.CompilerServices;
using System.Threading.Channels;
using RearPlayground.Worker.Engine;
using RearPlayground.Worker.Search.Events;

namespace RearPlayground.Worker.Search;

/// <summary>
/// A search as an ordered event stream. The search runs on a worker thread; the stream always ends with
/// exactly one terminal event: <see cref="RunFinished"/>, <see cref="RunFailed"/> or <see cref="RunCancelled"/>.
/// Cancelling the token stops the search within one model call.
/// </summary>
public static class SearchStream
{
    public static async IAsyncEnumerable<SearchEvent> RunAsync(LanguageModel model, SearchRequest request,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // Bounded: a slow reader holds the search back instead of letting events pile up in memory.
        var channel = Channel.CreateBounded<SearchEvent>(new BoundedChannelOptions(Capacity) { SingleReader = true, SingleWriter = true });
        var worker = Task.Factory.StartNew(() =>
        {
            try
            {
                SearchRunner.Run(model, request, e => Write(channel, e, cancellationToken), cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                Write(channel, new RunCancelled(), CancellationToken.None);
            }
            catch (Exception e)
            {
                Write(channel, new RunFailed(e.Message), CancellationToken.None);
            }
            finally
            {
                channel.Writer.TryComplete();
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        // Reading ignores the token: after cancellation the worker still writes its RunCancelled, which we deliver.
        await foreach (var e in channel.Reader.ReadAllAsync(CancellationToken.None)) yield return e;
        await worker;
    }

    public const int Capacity = 256;

    // The search thread blocks here while the reader is behind; the terminal event is always delivered.
    private static void Write(Channel<SearchEvent> channel, SearchEvent e, CancellationToken cancellationToken) =>
        channel.Writer.WriteAsync(e, cancellationToken).AsTask().GetAwaiter().GetResult();
}
