using Hangfire;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using RearPlayground.Worker.Engine;

namespace RearPlayground.Web.Hosting;

/// <summary>Healthy when a Hangfire server is listening (here or in a standalone worker).</summary>
public sealed class JobServerHealthCheck(JobStorage storage) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var servers = storage.GetMonitoringApi().Servers();
        return Task.FromResult(servers.Count > 0
            ? HealthCheckResult.Healthy($"{servers.Count} job server(s)")
            : HealthCheckResult.Unhealthy("no job server is running"));
    }
}

/// <summary>Healthy when at least one model folder is found in the model directories.</summary>
public sealed class ModelsHealthCheck(ModelLocator locator) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var count = locator.Discover().Count();
        return Task.FromResult(count > 0
            ? HealthCheckResult.Healthy($"{count} model(s)")
            : HealthCheckResult.Unhealthy($"no models in {string.Join(", ", locator.Directories)}"));
    }
}
