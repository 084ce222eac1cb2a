using RearPlayground.Worker.Engine;

namespace RearPlayground.Worker.Models;

/// <summary>
/// A model rented from the <see cref="ModelPool"/>: the pool never disposes it while a lease is open.
/// Dispose the lease (once is enough; more is harmless) when the run is done with the model.
/// </summary>
public sealed class ModelLease : IDisposable
{
    private readonly Func<string> _hash;
    private Action? _release;

    internal ModelLease(LanguageModel model, Func<string> hash, Action release)
    {
        Model = model;
        _hash = hash;
        _release = release;
    }

    public LanguageModel Model { get; }

    /// <summary>SHA-256 of the ONNX file, computed once per loaded model and shared by its leases.</summary>
    public string OnnxHash => _hash();

    public void Dispose() => Interlocked.Exchange(ref _release, null)?.Invoke();
}
