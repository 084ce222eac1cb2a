using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using RearPlayground.Data.Entities;
using RearPlayground.Worker.Contracts;
using RearPlayground.Worker.Events;
using RearPlayground.Worker.Search;
using RearPlayground.Worker.Search.Events;

namespace RearPlayground.Worker.Jobs;

public sealed partial class RunJob
{
    /// <summary>
    /// Several Queued runs of one model (a batch's items) as ONE pass: their Best-of-N searches sample together
    /// (<see cref="BestOfNPass"/>), one model lease and one cancel watch for all, and each run keeps its own event writer,
    /// so each is stored exactly as if it had run alone (its events in order, its candidates, its status). A run that is not
    /// Queued is left alone; a cancel of one run (in-process or its stored flag) ends that run only.
    /// </summary>
    public async Task ExecutePassAsync(IReadOnlyList<Guid> runIds, CancellationToken cancellationToken)
    {
        var members = new List<PassMember>();
        try
        {
            foreach (var id in runIds)
            {
                if (cancellation.TryRegister(id) is not { } cancelToken)
                {
                    logger.LogInformation("run {RunId} is already running in this process: not starting it again", id);
                    continue;
                }
                var member = new PassMember(id, cancelToken, CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, cancelToken));
                members.Add(member);
                member.Run = await store.FindAsync(id, cancellationToken);
                if (member.Run?.Status != RunStatus.Queued)
                    logger.LogInformation("run {RunId} is {Status}: not starting it", id, member.Run?.Status);
            }
            var live = members.Where(m => m.Run?.Status == RunStatus.Queued).ToList();
            if (live.Count == 0) return;
            using var pass = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            await CancelRequestWatch.RunAsync(() => RunPass(live, pass.Token), async ct =>
            {
                // Each run's own flag ends that run only; the pass itself stops on shutdown.
                foreach (var m in live.Where(m => !m.Linked.IsCancellationRequested))
                    if ((await store.FindAsync(m.Id, ct))?.CancelRequested == true) await m.Linked.CancelAsync();
                return false;
            }, pass, CancelPollInterval, logger, $"a pass of {live.Count} runs");
        }
        finally
        {
            foreach (var m in members)
            {
                cancellation.Unregister(m.Id);
                m.Linked.Dispose();
            }
        }
    }

    // On the job's own thread, as Run: the pass's search, each run's events into its own writer.
    private void RunPass(List<PassMember> members, CancellationToken token)
    {
        foreach (var m in members)
        {
            var channel = SearchStream.CreateChannel(Pipeline.Capacity);
            var writer = new RunEventWriter(m.Id, store, publisher, m.Mapper, Pipeline, logger)
            {
                CancelledError = async () => await WasRequestedAsync(m.Id, m.CancelToken) ? null : "the worker stopped during the run",
                StopSearch = m.Linked.Cancel,
            };
            m.Input = writer.Input(channel);
            m.Writing = Task.Run(() => writer.RunAsync(channel.Reader));
        }
        try
        {
            var items = new List<(PassMember Member, PassItem Item)>();
            foreach (var m in members)
            {
                try
                {
                    items.Add((m, new PassItem(ReadRequest(m.Run!).ToSearchRequest(), m.Emit, m.Linked.Token)));
                }
                catch (Exception e)
                {
                    m.End(e, logger);
                }
            }
            if (items.Count == 0) return;
            var request = ReadRequest(items[0].Member.Run!);
            using var lease = pool.Rent(request.Model!, request.DeviceOr(pool.DefaultDevice), request.Variant);
            foreach (var (m, _) in items) m.Mapper.ModelHash = lease.OnnxHash;
            token.ThrowIfCancellationRequested();
            var outcomes = BestOfNPass.Run(lease.Model, items.Select(i => i.Item).ToArray(), token);
            for (var i = 0; i < items.Count; i++)
                if (outcomes[i].Error is { } error) items[i].Member.End(error, logger);
        }
        catch (Exception e)
        {
            foreach (var m in members) m.End(e, logger);
        }
        finally
        {
            // A run cancelled while its results were emitted dropped them: it ends Cancelled, never half-stored as finished.
            foreach (var m in members) m.End(new OperationCanceledException(), logger);
            foreach (var m in members) m.Input?.TryComplete();
            Task.WaitAll(members.Where(m => m.Writing is not null).Select(m => m.Writing!).ToArray());
        }
    }

    /// <summary>One run of a pass: its cancel, its mapper and the input of its writer; exactly one terminal event, as SearchStream.Produce.</summary>
    private sealed class PassMember(Guid id, CancellationToken cancelToken, CancellationTokenSource linked)
    {
        public Guid Id => id;
        public CancellationToken CancelToken => cancelToken;
        public CancellationTokenSource Linked => linked;
        public RunEntity? Run { get; set; }
        public EventMapper Mapper { get; } = new(id);
        public ChannelWriter<EmittedEvent>? Input { get; set; }
        public Task? Writing { get; set; }
        private bool _ended;

        // A cancelled run's events stop here (its terminal one too: End writes RunCancelled) rather than throwing into the
        // other runs' shared generation.
        public void Emit(SearchEvent e)
        {
            if (_ended || linked.IsCancellationRequested) return;
            try
            {
                SearchStream.Write(Input!, e, CancellationToken.None);
            }
            catch (ChannelClosedException)
            {
            }
            _ended |= e.IsTerminal;
        }

        public void End(Exception e, ILogger logger)
        {
            if (_ended || Input is null) return;
            _ended = true;
            if (e is OperationCanceledException && linked.IsCancellationRequested) SearchStream.End(Input, new RunCancelled());
            else
            {
                logger.LogWarning(e, "run {RunId} failed", id);
                SearchStream.End(Input, new RunFailed(e.Message));
            }
        }
    }
}
