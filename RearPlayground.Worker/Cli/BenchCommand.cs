using System.CommandLine;
using RearPlayground.Worker.Bench;
using RearPlayground.Worker.Engine;

namespace RearPlayground.Worker.Cli;

/// <summary><c>bench</c>: engine figures against a bare ONNX Runtime loop, on real and generated models.</summary>
public static class BenchCommand
{
    private static readonly Option<string> Models = new("--models") { Description = "Comma-separated: model names/paths, or 15M / 60M (random, generated)", DefaultValueFactory = _ => "stories260K,15M,60M" };
    private static readonly Option<string?> WorkDir = new("--work-dir") { Description = "Where generated models go (default .artifacts/bench-models in the repo)" };
    private static readonly Option<int> Repeats = new("--repeats") { Description = "Timed runs per figure (best of)", DefaultValueFactory = _ => 5 };
    private static readonly Option<int> N = new("-n", "--n") { Description = "Candidates", DefaultValueFactory = _ => 16 };
    private static readonly Option<int> NewTokens = new("--new-tokens") { Description = "Tokens per candidate", DefaultValueFactory = _ => 64 };
    private static readonly Option<int> KvTokens = new("--kv-tokens") { Description = "Length for the KV cache vs recompute figure", DefaultValueFactory = _ => 128 };
    private static readonly Option<string?> Variant = CommonOptions.Variant();
    private static readonly Option<bool> Guided = new("--guided") { Description = "Only REAR-guided decoding's figures: guided N ÷ plain sampling N, guided N = 1 ÷ Best-of-N-REAR N" };
    private static readonly Option<bool> Scoring = new("--scoring") { Description = "Only REAR's scoring cost: sampling only, Best-of-N and the ℓ0 pass's breakdown, medians of the repeats" };
    private static readonly Option<bool> Peer = new("--peer") { Description = "With --scoring: also time the PyTorch-eager peer (tools/torch-peer.py, needs /usr/bin/python3 with torch) on the same tokens each repeat" };
    private static readonly Option<string?> JsonOut = new("--json-out") { Description = "Also write the JSON to this file" };

    public static Command Create(CliIo io)
    {
        var command = new Command("bench", "Measure the engine against a bare ONNX Runtime loop");
        foreach (var o in new Option[] { Models, WorkDir, Repeats, N, NewTokens, KvTokens, Variant, JsonOut, Guided, Scoring, Peer }) command.Options.Add(o);
        command.SetAction((p, ct) => CliGuard.Run(p, io, () => p.GetValue(Guided)
            ? GuidedBench.RunAsync(Read(p), io.Out, io.Error, ct)
            : p.GetValue(Scoring) ? ScoringBench.RunAsync(Read(p), io.Out, io.Error, ct, p.GetValue(Peer))
            : BenchRunner.RunAsync(Read(p), io.Out, io.Error, ct)));
        return command;
    }

    public static BenchRunner.Settings Read(ParseResult p)
    {
        var root = ModelLocator.FindSolutionRoot(Directory.GetCurrentDirectory()) ?? Directory.GetCurrentDirectory();
        var settings = new BenchRunner.Settings(
            p.GetValue(Models)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            p.GetValue(WorkDir) ?? Path.Combine(root, ".artifacts", "bench-models"),
            p.GetValue(Repeats), p.GetValue(N), p.GetValue(NewTokens), p.GetValue(KvTokens), p.GetValue(JsonOut), p.GetValue(Variant));
        if (settings.Repeats < 1 || settings.N < 1 || settings.NewTokens < 2 || settings.KvTokens < 2)
            throw new ArgumentException("repeats and n must be ≥ 1, new-tokens and kv-tokens ≥ 2");
        return settings;
    }
}
