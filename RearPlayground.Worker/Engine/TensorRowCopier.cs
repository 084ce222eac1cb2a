using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;

namespace RearPlayground.Worker.Engine;

/// <summary>
/// Copies contiguous byte ranges between two tensors where they live: host memory on CPU,
/// device-to-device <c>cudaMemcpy</c> on CUDA, so forking KV rows never moves the cache off the GPU.
/// </summary>
public abstract class TensorRowCopier
{
    public static readonly TensorRowCopier Host = new HostCopier();

    public abstract void Copy(OrtValue source, long sourceOffset, OrtValue destination, long destinationOffset, long bytes);

    /// <summary>Zeroes a whole tensor: fresh allocations hold garbage, and masked garbage can still be NaN.</summary>
    public abstract void Clear(OrtValue tensor);

    private sealed class HostCopier : TensorRowCopier
    {
        public override void Clear(OrtValue tensor) => tensor.GetTensorMutableRawData().Clear();

        public override void Copy(OrtValue source, long sourceOffset, OrtValue destination, long destinationOffset, long bytes)
        {
            if (bytes == 0) return;
            var src = source.GetTensorDataAsSpan<byte>().Slice((int)sourceOffset, (int)bytes);
            src.CopyTo(destination.GetTensorMutableRawData().Slice((int)destinationOffset, (int)bytes));
        }
    }
}

/// <summary>Device-to-device copies through the CUDA runtime that ORT's CUDA provider already loaded.</summary>
public sealed class CudaRowCopier : TensorRowCopier
{
    private const int DeviceToDevice = 3;

    public override unsafe void Clear(OrtValue tensor)
    {
        var size = tensor.GetTensorSizeInBytes();
        if (size == 0) return;
        var ptr = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetReference(tensor.GetTensorMutableRawData()));
        var status = CudaRuntime.cudaMemset(ptr, 0, (nuint)size);
        if (status != 0) throw new InvalidOperationException($"cudaMemset failed with CUDA error {status}");
    }

    public override unsafe void Copy(OrtValue source, long sourceOffset, OrtValue destination, long destinationOffset, long bytes)
    {
        if (bytes == 0) return;
        // The spans below only carry the device pointers; they are never dereferenced on the host.
        var src = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetReference(source.GetTensorDataAsSpan<byte>())) + sourceOffset;
        var dst = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetReference(destination.GetTensorMutableRawData())) + destinationOffset;
        var status = CudaRuntime.cudaMemcpy((nint)dst, (nint)src, (nuint)bytes, DeviceToDevice);
        if (status != 0) throw new InvalidOperationException($"cudaMemcpy failed with CUDA error {status}");
    }

    private static class CudaRuntime
    {
        [DllImport("libcudart.so", EntryPoint = "cudaMemcpy")]
        internal static extern int cudaMemcpy(nint dst, nint src, nuint count, int kind);

        [DllImport("libcudart.so", EntryPoint = "cudaMemset")]
        internal static extern int cudaMemset(nint dst, int value, nuint count);
    }
}
