namespace RearPlayground.Worker.Engine;

/// <summary>
/// Removes padding holes from a KV state: rows whose steps ended early leave masked positions behind, and
/// attention still pays for them. Each row's real positions are packed to the right (left padding),
/// the padding zeroed, and the mask rebuilt; positions ids are unchanged, so the model sees the same sequence.
/// </summary>
public static class KvCompaction
{
    /// <summary>Compacts when at least <paramref name="minHoleFraction"/> of the cache is padding; else returns null.</summary>
    public static KvState? CompactIfHoley(this KvState state, double minHoleFraction = 0.25)
    {
        if (state.Length == 0 || state.Batch == 0) return null;
        var real = Enumerable.Range(0, state.Batch).Select(b => CountReal(state, b)).ToArray();
        var length = real.Max();
        var holes = 1.0 - (double)length / state.Length;
        return holes < minHoleFraction ? null : Compact(state, real, length);
    }

    private static int CountReal(KvState state, int row)
    {
        var count = 0;
        for (var p = 0; p < state.Length; p++) if (state.Mask[row * state.Length + p] != 0) count++;
        return count;
    }

    private static KvState Compact(KvState state, int[] real, int length)
    {
        var model = state.Model;
        var io = model.Io;
        var element = io.KvElementSize;
        var positionBytes = (long)io.HeadDim * element;
        var mask = new long[state.Batch * length];
        var keys = new Microsoft.ML.OnnxRuntime.OrtValue[io.Layers];
        var values = new Microsoft.ML.OnnxRuntime.OrtValue[io.Layers];
        // Runs of consecutive real positions per row: (source start, destination start, count).
        var runs = Enumerable.Range(0, state.Batch).Select(b => Runs(state, b, length - real[b])).ToArray();
        for (var b = 0; b < state.Batch; b++)
            for (var p = length - real[b]; p < length; p++) mask[b * length + p] = 1;
        for (var l = 0; l < io.Layers; l++)
        {
            keys[l] = model.AllocateKv(state.Batch, length, onDevice: true);
            values[l] = model.AllocateKv(state.Batch, length, onDevice: true);
            model.Copier.Clear(keys[l]);
            model.Copier.Clear(values[l]);
            for (var b = 0; b < state.Batch; b++)
                for (var h = 0; h < io.KvHeads; h++)
                {
                    var srcBase = ((long)b * io.KvHeads + h) * state.Length * positionBytes;
                    var dstBase = ((long)b * io.KvHeads + h) * length * positionBytes;
                    foreach (var (from, to, count) in runs[b])
                    {
                        model.Copier.Copy(state.Keys[l], srcBase + from * positionBytes, keys[l], dstBase + to * positionBytes, count * positionBytes);
                        model.Copier.Copy(state.Values[l], srcBase + from * positionBytes, values[l], dstBase + to * positionBytes, count * positionBytes);
                    }
                }
        }
        return new KvState(model, state.Batch, length, keys, values, mask, (long[])state.NextPosition.Clone());
    }

    private static List<(int From, int To, int Count)> Runs(KvState state, int row, int offset)
    {
        var runs = new List<(int, int, int)>();
        var to = offset;
        for (var p = 0; p < state.Length;)
        {
            if (state.Mask[row * state.Length + p] == 0) { p++; continue; }
            var start = p;
            while (p < state.Length && state.Mask[row * state.Length + p] != 0) p++;
            runs.Add((start, to, p - start));
            to += p - start;
        }
        return runs;
    }
}
