using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;
using RearPlayground.Worker.Engine;

namespace RearPlayground.Worker.Bench;

/// <summary>
/// The floor the engine is measured against: plain ORT session calls with the present KV OrtValues passed
/// straight back as the next past, no sampling, no masks kept, no bookkeeping.
/// </summary>
public sealed class BareLoop : IDisposable
{
    private readonly InferenceSession _session;
    private readonly ModelIo _io;

    public BareLoop(string onnxPath, ModelConfig config)
    {
        using var options = SessionFactory.BaseOptions();
        _session = new InferenceSession(onnxPath, options);
        _io = ModelIo.Read(_session, config, onnxPath);
    }

    /// <summary>Milliseconds for a prefix pass of [batch, prompt] then <paramref name="steps"/> single-token steps.</summary>
    public (double PrefixMs, double DecodeMs) Generate(int batch, int prompt, int steps)
    {
        var past = EmptyKv(batch);
        var clock = Stopwatch.StartNew();
        past = Step(past, batch, prompt, 0);
        var prefixMs = clock.Elapsed.TotalMilliseconds;
        for (var s = 0; s < steps; s++) past = Step(past, batch, 1, prompt + s);
        var decodeMs = clock.Elapsed.TotalMilliseconds - prefixMs;
        Dispose(past);
        return (prefixMs, decodeMs);
    }

    /// <summary>One teacher-forced pass of [batch, tokens] on an empty cache.</summary>
    public double Forced(int batch, int tokens)
    {
        var clock = Stopwatch.StartNew();
        Dispose(Step(EmptyKv(batch), batch, tokens, 0));
        return clock.Elapsed.TotalMilliseconds;
    }

    /// <summary>Generating <paramref name="tokens"/> tokens at batch 1 by re-running the whole sequence each step (no cache).</summary>
    public double Recompute(int prompt, int tokens)
    {
        var clock = Stopwatch.StartNew();
        for (var s = 0; s < tokens; s++) Dispose(Step(EmptyKv(1), 1, prompt + s + 1, 0));
        return clock.Elapsed.TotalMilliseconds;
    }

    private OrtValue[] Step(OrtValue[] past, int batch, int length, int pastLength)
    {
        var ids = new long[batch * length];
        for (var i = 0; i < ids.Length; i++) ids[i] = 3 + i % 200;
        var mask = new long[batch * (pastLength + length)];
        Array.Fill(mask, 1L);
        var positions = new long[batch * length];
        for (var i = 0; i < positions.Length; i++) positions[i] = pastLength + i % length;

        // Same binding style as the engine (IOBinding, outputs allocated by ORT), minus everything else it does.
        using var idsValue = OrtValue.CreateTensorValueFromMemory(ids, [batch, length]);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(mask, [batch, pastLength + length]);
        using var posValue = OrtValue.CreateTensorValueFromMemory(positions, [batch, length]);
        using var branch = OrtValue.CreateTensorValueFromMemory(new[] { pastLength > 0 }, [1]);
        using var binding = _session.CreateIoBinding();
        binding.BindInput(ModelIo.InputIds, idsValue);
        binding.BindInput(ModelIo.AttentionMask, maskValue);
        if (_io.HasPositionIds) binding.BindInput(ModelIo.PositionIds, posValue);
        if (_io.HasUseCacheBranch) binding.BindInput(ModelIo.UseCacheBranch, branch);
        for (var l = 0; l < _io.Layers; l++)
        {
            binding.BindInput(_io.PastKeyNames[l], past[2 * l]);
            binding.BindInput(_io.PastValueNames[l], past[2 * l + 1]);
        }
        binding.BindOutputToDevice(ModelIo.Logits, OrtMemoryInfo.DefaultInstance);
        for (var l = 0; l < _io.Layers; l++)
        {
            binding.BindOutputToDevice(_io.PresentKeyNames[l], OrtMemoryInfo.DefaultInstance);
            binding.BindOutputToDevice(_io.PresentValueNames[l], OrtMemoryInfo.DefaultInstance);
        }
        using var runOptions = new RunOptions();
        var results = _session.RunWithBoundResults(runOptions, binding);
        Dispose(past);
        results[0].Dispose();
        return results.Skip(1).ToArray();
    }

    private OrtValue[] EmptyKv(int batch) => Enumerable.Range(0, 2 * _io.Layers)
        .Select(_ => OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, _io.KvType, [batch, _io.KvHeads, 0, _io.HeadDim]))
        .ToArray();

    private static void Dispose(OrtValue[] values)
    {
        foreach (var v in values) v.Dispose();
    }

    public void Dispose() => _session.Dispose();
}
