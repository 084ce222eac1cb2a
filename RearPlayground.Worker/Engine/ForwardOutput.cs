using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace RearPlayground.Worker.Engine;

/// <summary>
/// Logits of one forward pass, [batch, seq, vocab], read in place from ORT's output buffer
/// (float16 rows are widened into a scratch row on access), or from a managed buffer where the pass was
/// assembled from several calls (<see cref="IncrementalForward"/>).
/// </summary>
public sealed class ForwardOutput : IDisposable
{
    private readonly OrtValue? _logits;
    // Where ORT's buffer starts (host memory: logits are bound to the CPU): asking the OrtValue for its span per row
    // costs native calls and a shape object each time, which a pass of 1,024 small-vocabulary rows felt.
    private readonly nint _data;
    private readonly float[]? _buffer;
    private readonly bool _half;
    private readonly float[] _scratch;

    public int Batch { get; }
    public int Sequence { get; }
    public int Vocab { get; }

    internal ForwardOutput(OrtValue logits, TensorElementType type, int batch, int sequence, int vocab)
    {
        _logits = logits;
        _half = type == TensorElementType.Float16;
        _scratch = _half ? new float[vocab] : [];
        _data = Address(logits);
        Batch = batch;
        Sequence = sequence;
        Vocab = vocab;
    }

    /// <summary>Logits already in float32, [batch, sequence, vocab] row-major.</summary>
    internal ForwardOutput(float[] buffer, int batch, int sequence, int vocab)
    {
        if (buffer.Length != (long)batch * sequence * vocab) throw new ArgumentException("buffer must be batch × sequence × vocab");
        _buffer = buffer;
        _scratch = [];
        Batch = batch;
        Sequence = sequence;
        Vocab = vocab;
    }

    /// <summary>The logits at (row, position). For float16 models the span is reused by the next call.</summary>
    public ReadOnlySpan<float> Row(int row, int position) => Row(row, position, _scratch);

    /// <summary>Thread-safe variant: float16 rows are widened into the caller's <paramref name="scratch"/>.</summary>
    public unsafe ReadOnlySpan<float> Row(int row, int position, float[] scratch)
    {
        if ((uint)row >= (uint)Batch || (uint)position >= (uint)Sequence) throw new ArgumentOutOfRangeException(nameof(row));
        var offset = ((long)row * Sequence + position) * Vocab;
        if (_buffer is not null) return _buffer.AsSpan((int)offset, Vocab);
        if (!_half) return new ReadOnlySpan<float>((float*)_data + offset, Vocab);
        // ORT's Float16 and System.Half share the IEEE binary16 layout; the cast lets the vectorised widening run.
        var half = new ReadOnlySpan<Half>((Half*)_data + offset, Vocab);
        TensorPrimitives.ConvertToSingle(half, scratch.AsSpan(0, Vocab));
        return scratch.AsSpan(0, Vocab);
    }

    private static unsafe nint Address(OrtValue logits) =>
        (nint)Unsafe.AsPointer(ref MemoryMarshal.GetReference(logits.GetTensorMutableRawData()));

    public void Dispose() => _logits?.Dispose();
}
