using System.Runtime.CompilerServices;
using Bunit;

namespace RearPlayground.Tests.Web.Components;

/// <summary>
/// bunit's WaitFor* give up after 1 s by default. In CI the suite starts many classes at once on 2 cores, and a wait
/// once failed with "the renderer's dispatcher did not run the check before the timeout" (thread pool starved, not a
/// wrong component). A longer ceiling costs nothing when the assertion holds, and more pool threads up front let the
/// dispatcher run.
/// </summary>
internal static class BunitDefaults
{
    [ModuleInitializer]
    internal static void Apply()
    {
        BunitContext.DefaultWaitTimeout = TimeSpan.FromSeconds(15);
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, Environment.ProcessorCount * 8), io);
    }
}
