using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using RearPlayground.Data.Runs;
using RearPlayground.Tests.Jobs;

namespace RearPlayground.Tests.Web;

/// <summary>
/// The real app whose store takes <see cref="PerEvent"/> per stored event: the run's writer falls behind and the search
/// waits for it (back-pressure), so a run lasts seconds on any machine. For tests that must act while a run is going.
/// With <see cref="OnlyListed"/>, only the runs a test adds to <see cref="Listed"/> are paced; the rest run at full speed.
/// </summary>
public class PacedStoreApp : WebAppFactory
{
    public TimeSpan PerEvent { get; init; } = TimeSpan.FromMilliseconds(3);

    public bool OnlyListed { get; init; }

    public ConcurrentDictionary<Guid, bool> Listed { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<IRunStore>(sp =>
        {
            var (store, hooks) = HookedStore.Wrap(ActivatorUtilities.CreateInstance<RunStore>(sp));
            hooks.BeforeRunBatch = (runId, writes) =>
                !OnlyListed || Listed.ContainsKey(runId) ? Task.Delay(PerEvent * writes.Count) : Task.CompletedTask;
            return store;
        }));
    }
}

/// <summary>A <see cref="PacedStoreApp"/> that paces only the runs a test lists: one class fixture for a test class.</summary>
public sealed class ListedPacedStoreApp : PacedStoreApp
{
    public ListedPacedStoreApp() => OnlyListed = true;
}
