using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using RearPlayground.Data.Entities;

namespace RearPlayground.Data.Runs;

public sealed partial class RunStore
{
    private DateTimeOffset Now() => time.GetUtcNow();

    /// <summary>
    /// A run writer's appender. One context, its connection open, serves all the run's batches (opening a pooled
    /// connection with its PRAGMAs cost ~0.6 ms a batch), and a batch made after PackAlongside (a run's final burst, once
    /// the search has freed its cores) is deflated on another core while the writer is still making it, so it is packed
    /// by the time its transaction wants the row.
    /// </summary>
    private sealed class RunAppender(RunStore store, Guid runId) : IRunAppender
    {
        private readonly List<(EventWrite Write, DateTimeOffset At)> _batch = [];
        private Channel<(string Type, string Payload, DateTimeOffset At)>? _feed;
        private Task<RunEventEntity>? _packing;
        private RearDbContext? _db;

        public void PackAlongside()
        {
            if (_feed is null && _batch.Count == 0) StartPacking();
        }

        public void Add(EventWrite write)
        {
            ArgumentNullException.ThrowIfNull(write);
            var at = write.At ?? store.Now();
            _batch.Add((write, at));
            _feed?.Writer.TryWrite((write.Type, write.PayloadJson, at));
        }

        public async Task<long> CommitAsync(CancellationToken cancellationToken = default)
        {
            if (_batch.Count == 0) throw new InvalidOperationException("A batch needs at least one event.");
            EventWrite[] writes = [.. _batch.Select(e => e.Write)];
            var packing = _packing ?? Task.FromResult(PackedEvents.Pack(runId, [.. _batch.Select(e => (e.Write.Type, e.Write.PayloadJson, e.At))]));
            _feed?.Writer.TryComplete();
            (_feed, _packing) = (null, null);
            _batch.Clear();
            try
            {
                if (_db is null)
                {
                    _db = await store.NewContextAsync(cancellationToken);
                    // Opened by us, so EF leaves it open between the batches' transactions.
                    await _db.Database.OpenConnectionAsync(cancellationToken);
                }
                return await AppendAsync(_db, runId, writes, packing, cancellationToken);
            }
            catch
            {
                // The next batch starts on a fresh context and connection, whatever state this one was left in.
                await CloseAsync();
                throw;
            }
        }

        public async ValueTask DisposeAsync()
        {
            _feed?.Writer.TryComplete();
            await CloseAsync();
        }

        private void StartPacking()
        {
            var feed = Channel.CreateUnbounded<(string Type, string Payload, DateTimeOffset At)>(
                new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
            foreach (var (write, at) in _batch) feed.Writer.TryWrite((write.Type, write.PayloadJson, at));
            _feed = feed;
            _packing = Task.Run(async () =>
            {
                using var packer = new PackedEvents.Packer(large: true);
                await foreach (var (type, payload, at) in feed.Reader.ReadAllAsync()) packer.Add(type, payload, at);
                return packer.Finish(runId);
            });
        }

        private async Task CloseAsync()
        {
            if (_db is null) return;
            await _db.DisposeAsync();
            _db = null;
        }
    }
}
