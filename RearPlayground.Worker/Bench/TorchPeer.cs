using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RearPlayground.Worker.Bench;

/// <summary>
/// The PyTorch-eager peer for <c>bench --scoring --peer</c>: tools/torch-peer.py kept running beside the bench, so each
/// repeat can time the peer's scoring (one batched forward over context + responses, log_softmax, gather) right after the
/// engine's pass on the same tokens, and the ratio is taken per repeat like the bench's others. Needs Debian's python3-torch;
/// never part of CI.
/// </summary>
public sealed class TorchPeer : IDisposable
{
    public const string Python = "/usr/bin/python3";
    private readonly Process process;
    private readonly StringBuilder stderr;

    /// <summary>"torch 1.13.0a0, 2 threads"; and the largest |Δ| between the peer's log-probs and the engine's on these tokens.</summary>
    public string Description { get; }
    public double? MaxDiff { get; }

    private TorchPeer(Process process, StringBuilder stderr, string description, double? maxDiff)
    {
        (this.process, this.stderr, Description, MaxDiff) = (process, stderr, description, maxDiff);
    }

    /// <summary>Starts the peer on the model's weights and the pass's tokens; null, with the reason written to <paramref name="log"/>, when it cannot run.</summary>
    public static TorchPeer? Start(string script, string onnxPath, int[] context, IReadOnlyList<int[]> responses, float[][] expected, TextWriter log,
        string python = Python)
    {
        if (!File.Exists(script)) return Fail(log, $"{script} not found");
        var info = new ProcessStartInfo(python, $"\"{script}\" --serve")
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {python}");
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return Fail(log, $"cannot start {python}: {e.Message}");
        }
        var errors = new StringBuilder();
        process.ErrorDataReceived += (_, e) => { if (e.Data is { } line) lock (errors) errors.AppendLine(line); };
        process.BeginErrorReadLine();
        var request = new { onnx = onnxPath, context, responses, expected };
        process.StandardInput.WriteLine(JsonSerializer.Serialize(request));
        process.StandardInput.Flush();
        var ready = process.StandardOutput.ReadLine();
        if (ready is null)
        {
            process.WaitForExit();
            string last;
            lock (errors) last = errors.ToString().Trim().Split('\n')[^1];
            process.Dispose();
            var hint = last.Contains("No module named") ? " (apt-get install -y python3-torch python3-onnx)" : "";
            return Fail(log, $"torch-peer.py exited: {last}{hint}");
        }
        var reply = JsonNode.Parse(ready)!;
        var description = $"torch {reply["torch"]}, {reply["threads"]} threads, {reply["blas"]}";
        return new TorchPeer(process, errors, description, reply["maxDiff"]?.GetValue<double>());
    }

    /// <summary>One timed scoring in the peer (ms, its own clock around forward + log_softmax + gather).</summary>
    public double Time()
    {
        process.StandardInput.WriteLine("time");
        process.StandardInput.Flush();
        var line = process.StandardOutput.ReadLine();
        if (line is null)
        {
            lock (stderr) throw new InvalidOperationException($"torch-peer.py stopped: {stderr.ToString().Trim()}");
        }
        return JsonNode.Parse(line)!["ms"]!.GetValue<double>();
    }

    private static TorchPeer? Fail(TextWriter log, string reason)
    {
        log.WriteLine($"peer not run: {reason}");
        return null;
    }

    public void Dispose()
    {
        process.StandardInput.Close(); // the script ends at EOF
        if (!process.WaitForExit(10_000)) process.Kill();
        process.Dispose();
    }
}
