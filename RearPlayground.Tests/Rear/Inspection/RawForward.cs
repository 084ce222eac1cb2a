using Microsoft.ML.OnnxRuntime;

namespace RearPlayground.Tests.Rear.Inspection;

/// <summary>
/// An independent forward for the inspector's tests: context + response through the ONNX file in one ONNX Runtime call
/// from an empty cache (no engine code), and log-softmax in double precision, per position.
/// </summary>
public static class RawForward
{
    /// <summary>log π(· | tokens[..p+1]) for every p, as [position][vocab] doubles.</summary>
    public static double[][] LogSoftmax(string onnxPath, int[] tokens)
    {
        using var session = new InferenceSession(onnxPath);
        var n = tokens.Length;
        var inputs = new Dictionary<string, OrtValue>();
        try
        {
            foreach (var (name, meta) in session.InputMetadata)
            {
                inputs[name] = name switch
                {
                    "input_ids" => OrtValue.CreateTensorValueFromMemory(tokens.Select(t => (long)t).ToArray(), [1, n]),
                    "attention_mask" => OrtValue.CreateTensorValueFromMemory(Enumerable.Repeat(1L, n).ToArray(), [1, n]),
                    "position_ids" => OrtValue.CreateTensorValueFromMemory(Enumerable.Range(0, n).Select(p => (long)p).ToArray(), [1, n]),
                    "use_cache_branch" => OrtValue.CreateTensorValueFromMemory(new[] { false }, [1]),
                    // past_key_values.*: [batch 1, heads, 0 past positions, head dim]
                    _ => OrtValue.CreateTensorValueFromMemory(Array.Empty<float>(), [1, meta.Dimensions[1], 0, meta.Dimensions[3]]),
                };
            }
            using var options = new RunOptions();
            using var outputs = session.Run(options, inputs, ["logits"]);
            var logits = outputs[0].GetTensorDataAsSpan<float>();
            var vocab = logits.Length / n;
            var result = new double[n][];
            for (var p = 0; p < n; p++)
            {
                var row = logits.Slice(p * vocab, vocab);
                double max = double.NegativeInfinity;
                foreach (var x in row) max = Math.Max(max, x);
                double sum = 0;
                foreach (var x in row) sum += Math.Exp(x - max);
                var lse = max + Math.Log(sum);
                result[p] = new double[vocab];
                for (var v = 0; v < vocab; v++) result[p][v] = row[v] - lse;
            }
            return result;
        }
        finally
        {
            foreach (var value in inputs.Values) value.Dispose();
        }
    }
}
