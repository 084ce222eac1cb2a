using RearPlayground.Tests.Support;
using RearPlayground.Worker.Bench;
using RearPlayground.Worker.Engine.Generation;

namespace RearPlayground.Tests.Stress;

/// <summary>
/// <c>bench --scoring --peer</c>'s PyTorch-eager peer (tools/torch-peer.py): it scores the engine's tokens to the engine's
/// log-probs, times one scoring per request, and a machine without it gets a reason instead of a failed bench.
/// The torch test runs only where Debian's python3-torch is installed (never in CI).
/// </summary>
public sealed class TorchPeerTests
{
    private static string Script => Path.Combine(SharedModels.Root, "tools", "torch-peer.py");

    [TorchFact]
    public void The_peer_scores_the_engines_tokens_to_the_engines_log_probs()
    {
        var model = SharedModels.StoriesCpu;
        var reference = ReferenceData.Load().Cases;
        var context = reference[0].WithoutContext;
        var responses = new[] { reference[0].Response[..30], reference[1].Response[..30] };
        var expected = TeacherForcer.Score(model, context, responses);
        var log = new StringWriter();

        using var peer = TorchPeer.Start(Script, model.OnnxPath, context, responses, expected, log);

        Assert.True(peer is not null, log.ToString());
        Assert.InRange(peer.MaxDiff!.Value, 0, 1e-4);
        Assert.Contains("2 threads", peer.Description);
        Assert.InRange(peer.Time(), 0.01, 10_000);
        Assert.InRange(peer.Time(), 0.01, 10_000);
    }

    [Fact]
    public void Without_a_python_the_peer_is_left_out_with_the_reason()
    {
        var log = new StringWriter();
        var peer = TorchPeer.Start(Script, SharedModels.StoriesCpu.OnnxPath, [1, 2], [[3, 4]], [[0f, 0f]], log, python: "/nonexistent/python3");
        Assert.Null(peer);
        Assert.StartsWith("peer not run: cannot start /nonexistent/python3", log.ToString());
    }

    [Fact]
    public void Without_the_script_the_peer_is_left_out_with_the_reason()
    {
        var log = new StringWriter();
        var peer = TorchPeer.Start("/nonexistent/torch-peer.py", SharedModels.StoriesCpu.OnnxPath, [1, 2], [[3, 4]], [[0f, 0f]], log);
        Assert.Null(peer);
        Assert.Equal("peer not run: /nonexistent/torch-peer.py not found", log.ToString().Trim());
    }
}

/// <summary>Runs only where /usr/bin/python3 has Debian's torch (python3-torch), which CI does not install.</summary>
public sealed class TorchFactAttribute : FactAttribute
{
    public TorchFactAttribute()
    {
        if (!Directory.Exists("/usr/lib/python3/dist-packages/torch")) Skip = "python3-torch is not installed";
    }
}
