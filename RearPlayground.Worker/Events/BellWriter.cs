using System.Threading.Channels;
using RearPlayground.Worker.Search;

namespace RearPlayground.Worker.Events;

/// <summary>
/// A run's channel writer that rings its <see cref="RunEventWriter"/> only when the writer must not wait for its commit
/// to be due: a terminal event, a full batch waiting, the stream completed. Everything else waits for the next commit.
/// </summary>
internal sealed class BellWriter(Channel<EmittedEvent> channel, int fullBatch, Action ring) : ChannelWriter<EmittedEvent>
{
    public override bool TryWrite(EmittedEvent item)
    {
        if (!channel.Writer.TryWrite(item)) return false;
        if (item.Event.IsTerminal || channel.Reader.Count >= fullBatch) ring();
        return true;
    }

    public override ValueTask<bool> WaitToWriteAsync(CancellationToken cancellationToken = default) =>
        channel.Writer.WaitToWriteAsync(cancellationToken);

    public override bool TryComplete(Exception? error = null)
    {
        var completed = channel.Writer.TryComplete(error);
        ring();
        return completed;
    }
}
