using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RearPlayground.Worker.Jobs;
using RearPlayground.Worker.Threading;

namespace RearPlayground.Tests.Jobs;

/// <summary>
/// "Rear:SearchCpus" pins the threads searches run on, set through AddRearJobs; a bad value stops the host with the key's
/// name. The setting is the process's: these tests share the "Hangfire" collection, so no job runs beside them, and put
/// it back.
/// </summary>
[Collection("Hangfire")]
public sealed class SearchCpusTests
{
    [Fact]
    public async Task Work_runs_on_the_cpus_set_and_anywhere_again_once_unset()
    {
        if (!OperatingSystem.IsLinux()) return;
        var cpu = CpuAffinity.ProcessCpus[^1];
        try
        {
            new ServiceCollection().AddRearJobs(Config($"{cpu}"));
            Assert.Equal([cpu], WorkThreads.Cpus);
            IReadOnlyList<int> pinned = [], freed = [];
            await WorkThreads.RunAsync(() => pinned = CpuAffinityTests.AllowedCpus()).WaitAsync(TimeSpan.FromSeconds(30));

            WorkThreads.Cpus = null;
            await WorkThreads.RunAsync(() => freed = CpuAffinityTests.AllowedCpus()).WaitAsync(TimeSpan.FromSeconds(30));

            Assert.Equal([cpu], pinned);
            Assert.Equal(CpuAffinity.ProcessCpus, freed);
        }
        finally
        {
            WorkThreads.Cpus = null;
        }
    }

    [Fact]
    public void A_bad_value_is_refused_with_the_keys_name_and_changes_nothing()
    {
        if (!OperatingSystem.IsLinux()) return;
        var e = Assert.Throws<ArgumentException>(() => new ServiceCollection().AddRearJobs(Config("first")));

        Assert.StartsWith("Rear:SearchCpus: CPU \"first\"", e.Message);
        Assert.Null(WorkThreads.Cpus);
    }

    [Fact]
    public void Unset_leaves_the_processs_setting_alone()
    {
        try
        {
            WorkThreads.Cpus = [1];
            new ServiceCollection().AddRearJobs(Config(null));
            Assert.Equal([1], WorkThreads.Cpus);
        }
        finally
        {
            WorkThreads.Cpus = null;
        }
    }

    private static IConfiguration Config(string? cpus) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Rear:SearchCpus"] = cpus }).Build();
}
