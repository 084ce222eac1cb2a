using System.Diagnostics;
using RearPlayground.Worker.Engine;

namespace RearPlayground.Worker.Bench;

/// <summary>
/// Random-weight Llama models for benchmarks, built at bench time with ../shared/tools/llama-onnx.py
/// (never committed; the one use of ../shared left). The repository's stories260K tokenizer is copied in: the bench feeds ids, the loader wants a tokenizer.
/// </summary>
public static class BenchModels
{
    public sealed record Spec(string Name, int Dim, int Hidden, int Layers, int Heads, int KvHeads, int Vocab);

    public static readonly IReadOnlyDictionary<string, Spec> Random = new Dictionary<string, Spec>(StringComparer.OrdinalIgnoreCase)
    {
        ["15M"] = new("random-15M", 288, 768, 6, 6, 6, 32000),
        ["60M"] = new("random-60M", 512, 1408, 14, 8, 8, 32000),
    };

    /// <summary>The folder of a bench model: a model name/path as is, or a random one generated into <paramref name="workDir"/>.</summary>
    public static string Resolve(string name, string workDir, TextWriter log)
    {
        if (!Random.TryGetValue(name, out var spec)) return ModelLocator.Default().Resolve(name);
        var folder = Path.Combine(workDir, spec.Name);
        if (File.Exists(Path.Combine(folder, "model.onnx"))) return folder;
        Directory.CreateDirectory(folder);
        var root = ModelLocator.FindSolutionRoot(Directory.GetCurrentDirectory()) ?? ModelLocator.FindSolutionRoot(AppContext.BaseDirectory)
            ?? throw new InvalidOperationException("RearPlayground.sln not found: run bench from the repository");
        var shared = Path.GetFullPath(Path.Combine(root, "..", "shared"));
        var tool = Path.Combine(shared, "tools", "llama-onnx.py");
        if (!File.Exists(tool)) throw new InvalidOperationException($"model builder not found at {tool}");
        log.WriteLine($"building {spec.Name} with {tool} ...");
        var args = $"\"{tool}\" random \"{Path.Combine(folder, "model.onnx")}\" --dim {spec.Dim} --hidden {spec.Hidden} " +
                   $"--layers {spec.Layers} --heads {spec.Heads} --kv-heads {spec.KvHeads} --vocab {spec.Vocab} --seq-len 512";
        using var process = Process.Start(new ProcessStartInfo("/usr/bin/python3", args) { RedirectStandardError = true, RedirectStandardOutput = true })
            ?? throw new InvalidOperationException("cannot start /usr/bin/python3");
        var stderr = process.StandardError.ReadToEnd();
        log.WriteLine(process.StandardOutput.ReadToEnd().Trim());
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            Directory.Delete(folder, recursive: true);
            var hint = stderr.Contains("No module named") ? " (apt-get install -y python3-onnx python3-numpy)" : "";
            throw new InvalidOperationException($"llama-onnx.py failed{hint}: {stderr.Trim().Split('\n')[^1]}");
        }
        File.Copy(Path.Combine(root, "models", "stories260K", "tokenizer.model"), Path.Combine(folder, "tokenizer.model"), overwrite: true);
        return folder;
    }
}
