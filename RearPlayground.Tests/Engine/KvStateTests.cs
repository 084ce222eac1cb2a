using RearPlayground.Tests.Support;
using RearPlayground.Worker.Engine;

namespace RearPlayground.Tests.Engine;

/// <summary>KV state operations: padding holes, compaction, cancellation leaves the state untouched.</summary>
public class KvStateTests
{
    private static readonly int[] Context = [1, 403, 407, 261, 378];

    [Fact]
    public void Compacting_holes_changes_nothing_the_model_sees()
    {
        var model = SharedModels.StoriesCpu;
        using var root = KvState.Empty(model, 1);
        model.Forward(root, Context, Context.Length).Dispose();
        using var holey = root.Gather([0, 0]);
        // Row 0 takes 3 real tokens and a hole, row 1 one token and three holes: a ragged step as DVTS makes them.
        model.Forward(holey, [432, 383, 286, 0, 432, 0, 0, 0], 4, [true, true, true, false, true, false, false, false]).Dispose();
        using var compact = holey.CompactIfHoley(minHoleFraction: 0.01) ?? throw new InvalidOperationException("expected compaction");
        Assert.True(compact.Length < holey.Length);
        Assert.Equal(holey.RowTokens(1), compact.RowTokens(1));

        using var a = model.Forward(holey, [376, 383], 1);
        using var b = model.Forward(compact, [376, 383], 1);
        for (var row = 0; row < 2; row++)
        {
            var x = a.Row(row, 0).ToArray();
            var y = b.Row(row, 0).ToArray();
            for (var v = 0; v < x.Length; v++) Assert.True(Math.Abs(x[v] - y[v]) < 1e-4, $"row {row} logit {v}");
        }
    }

    [Fact]
    public void A_cancelled_forward_throws_and_leaves_the_state_as_it_was()
    {
        var model = SharedModels.StoriesCpu;
        using var state = KvState.Empty(model, 1);
        model.Forward(state, Context, Context.Length).Dispose();
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => model.Forward(state, [432], 1, cancellationToken: cts.Token));
        Assert.Equal(Context.Length, state.Length);
        Assert.Equal(Context.Length, state.RowTokens(0));
    }
}
