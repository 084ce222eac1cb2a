namespace RearPlayground.Worker.Engine;

/// <summary>
/// One batch state built from several single-row states of different lengths (each item's prompt, run alone): row r is
/// a copy of <c>sources[sourceOfRow[r]]</c>, left-padded to the longest with masked, zeroed positions. Each row keeps its
/// own positions, so it computes what its prompt alone would; padding is never attended to.
/// </summary>
public static class KvStack
{
    public static KvState Build(LanguageModel model, IReadOnlyList<KvState> sources, IReadOnlyList<int> sourceOfRow)
    {
        if (sources.Any(s => s.Batch != 1)) throw new ArgumentException("each source must be one row");
        var length = sources.Max(s => s.Length);
        var rows = sourceOfRow.Count;
        var io = model.Io;
        var headBytes = (long)io.HeadDim * io.KvElementSize;
        var keys = new OrtValueArray(io.Layers);
        var values = new OrtValueArray(io.Layers);
        try
        {
            var copier = length > 0 ? model.Copier : TensorRowCopier.Host;
            for (var l = 0; l < io.Layers; l++)
            {
                keys[l] = model.AllocateKv(rows, length, onDevice: length > 0);
                values[l] = model.AllocateKv(rows, length, onDevice: length > 0);
                // Zeroed: masked garbage can still be NaN, and 0 × NaN poisons the attention.
                copier.Clear(keys[l]!);
                copier.Clear(values[l]!);
                for (var r = 0; r < rows; r++)
                {
                    var source = sources[sourceOfRow[r]];
                    var pad = length - source.Length;
                    for (var h = 0; h < io.KvHeads; h++)
                    {
                        var from = h * source.Length * headBytes;
                        var to = ((long)(r * io.KvHeads + h) * length + pad) * headBytes;
                        copier.Copy(source.Keys[l], from, keys[l]!, to, source.Length * headBytes);
                        copier.Copy(source.Values[l], from, values[l]!, to, source.Length * headBytes);
                    }
                }
            }
        }
        catch
        {
            keys.Dispose();
            values.Dispose();
            throw;
        }
        var mask = new long[rows * length];
        var next = new long[rows];
        for (var r = 0; r < rows; r++)
        {
            var source = sources[sourceOfRow[r]];
            Array.Copy(source.Mask, 0, mask, (long)r * length + (length - source.Length), source.Length);
            next[r] = source.NextPosition[0];
        }
        return new KvState(model, rows, length, keys.Take(), values.Take(), mask, next);
    }

    // Disposes what was allocated when building fails halfway.
    private sealed class OrtValueArray(int count) : IDisposable
    {
        private readonly Microsoft.ML.OnnxRuntime.OrtValue?[] _items = new Microsoft.ML.OnnxRuntime.OrtValue?[count];

        public Microsoft.ML.OnnxRuntime.OrtValue? this[int i]
        {
            get => _items[i];
            set => _items[i] = value;
        }

        public Microsoft.ML.OnnxRuntime.OrtValue[] Take() => _items.Select(v => v!).ToArray();

        public void Dispose()
        {
            foreach (var v in _items) v?.Dispose();
        }
    }
}
