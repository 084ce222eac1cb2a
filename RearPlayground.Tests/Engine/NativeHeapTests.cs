using System.Runtime.InteropServices;
using RearPlayground.Worker.Engine;

namespace RearPlayground.Tests.Engine;

/// <summary>
/// Once the engine is loaded, glibc keeps freed memory: its settings took, and a 16 MB block comes from a malloc arena
/// (reused after a free), not a mapping of its own that a free hands back to the OS.
/// </summary>
public sealed class NativeHeapTests
{
    [Fact]
    public void Loading_the_engine_tunes_glibc_once()
    {
        System.Runtime.CompilerServices.RuntimeHelpers.RunClassConstructor(typeof(LanguageModel).TypeHandle);
        NativeHeap.KeepFreedMemory(); // again: changes nothing

        Assert.Equal(OperatingSystem.IsLinux(), NativeHeap.Tuned);
    }

    [Fact]
    public void A_block_under_the_threshold_comes_from_an_arena()
    {
        if (!OperatingSystem.IsLinux()) return;
        NativeHeap.KeepFreedMemory();
        var block = Marshal.AllocHGlobal(16 << 20); // malloc on Linux
        try
        {
            // glibc's chunk header, just before the block: its size word's bit 1 (IS_MMAPPED) marks a block mapped on its own.
            var size = Marshal.ReadInt64(block, -8);
            Assert.Equal(0, size & 2);
        }
        finally
        {
            Marshal.FreeHGlobal(block);
        }
    }
}
