using Microsoft.ML.OnnxRuntime;

namespace RearPlayground.Worker.Engine;

/// <summary>
/// The KV cache of a batch of sequences: one OrtValue per layer for keys and values
/// ([batch, kv_heads, length, head_dim]) kept where the model runs, plus each row's attention mask
/// (0 marks padding anywhere in the row) and the position its next real token takes.
/// </summary>
public sealed class KvState : IDisposable
{
    private readonly LanguageModel _model;

    internal LanguageModel Model => _model;
    internal OrtValue[] Keys { get; private set; }
    internal OrtValue[] Values { get; private set; }
    internal long[] Mask { get; private set; }
    internal long[] NextPosition { get; }

    public int Batch { get; }
    public int Length { get; private set; }

    /// <summary>Real (unmasked) tokens of one row.</summary>
    public int RowTokens(int row) => (int)NextPosition[row];

    internal KvState(LanguageModel model, int batch, int length, OrtValue[] keys, OrtValue[] values, long[] mask, long[] nextPosition)
    {
        _model = model;
        Batch = batch;
        Length = length;
        Keys = keys;
        Values = values;
        Mask = mask;
        NextPosition = nextPosition;
    }

    public static KvState Empty(LanguageModel model, int batch)
    {
        var layers = model.Io.Layers;
        var keys = new OrtValue[layers];
        var values = new OrtValue[layers];
        for (var l = 0; l < layers; l++)
        {
            keys[l] = model.AllocateKv(batch, 0, onDevice: false);
            values[l] = model.AllocateKv(batch, 0, onDevice: false);
        }
        return new KvState(model, batch, 0, keys, values, [], new long[batch]);
    }

    /// <summary>Takes ownership of the present tensors of a forward pass that appended <paramref name="mask"/>.</summary>
    internal void Advance(OrtValue[] keys, OrtValue[] values, long[] mask, int newLength)
    {
        DisposeTensors();
        Keys = keys;
        Values = values;
        Mask = mask;
        Length = newLength;
    }

    /// <summary>
    /// A new state whose row i is a copy of row <paramref name="rows"/>[i] of this one (rows may repeat):
    /// forking one prefix into N candidates, or dropping finished rows.
    /// </summary>
    public KvState Gather(IReadOnlyList<int> rows)
    {
        var layers = _model.Io.Layers;
        var rowBytes = (long)_model.Io.KvHeads * Length * _model.Io.HeadDim * _model.Io.KvElementSize;
        var keys = new OrtValue[layers];
        var values = new OrtValue[layers];
        for (var l = 0; l < layers; l++)
        {
            keys[l] = _model.AllocateKv(rows.Count, Length, onDevice: Length > 0);
            values[l] = _model.AllocateKv(rows.Count, Length, onDevice: Length > 0);
            var copier = Length > 0 ? _model.Copier : TensorRowCopier.Host;
            for (var i = 0; i < rows.Count; i++)
            {
                copier.Copy(Keys[l], rows[i] * rowBytes, keys[l], i * rowBytes, rowBytes);
                copier.Copy(Values[l], rows[i] * rowBytes, values[l], i * rowBytes, rowBytes);
            }
        }
        var mask = new long[rows.Count * Length];
        var next = new long[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            Array.Copy(Mask, rows[i] * Length, mask, i * Length, Length);
            next[i] = NextPosition[rows[i]];
        }
        return new KvState(_model, rows.Count, Length, keys, values, mask, next);
    }

    /// <summary>N copies of a single-row state.</summary>
    public KvState Replicate(int n) => Gather(Enumerable.Repeat(0, n).ToArray());

    private void DisposeTensors()
    {
        foreach (var v in Keys) v.Dispose();
        foreach (var v in Values) v.Dispose();
    }

    public void Dispose() => DisposeTensors();
}
