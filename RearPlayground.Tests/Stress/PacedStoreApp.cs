using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using RearPlayground.Data.Runs;
using RearPlayground.Tests.Jobs;
using RearPlayground.Tests.Web;

namespace RearPlayground.Tests.Stress;

/// <summary>
/// The real app whose store takes <see cref="PerEvent"/> per stored event: the run's writer falls behind and the search
/// waits for it (back-pressure), so a run lasts seconds on any machine. For tests that must act while a run is going.
/// </summary>
internal sealed class PacedStoreApp : WebAppFactory
{
    public TimeSpan PerEvent { get; init; } = TimeSpan.FromMilliseconds(3);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<IRunStore>(sp =>
        {
            var (store, hooks) = HookedStore.Wrap(ActivatorUtilities.CreateInstance<RunStore>(sp));
            hooks.BeforeBatch = (_, writes) => Task.Delay(PerEvent * writes.Count);
            return store;
        }));
    }
}
