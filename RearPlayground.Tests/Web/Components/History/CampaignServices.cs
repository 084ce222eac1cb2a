using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RearPlayground.Data.Campaigns;
using RearPlayground.Data.Runs;
using RearPlayground.Web.Accounts;
using RearPlayground.Web.Campaigns;

namespace RearPlayground.Tests.Web.Components.History;

internal static class CampaignServices
{
    /// <summary>The campaign service over a test's data services (its users from Identity where that provider has it).</summary>
    public static IServiceCollection AddCampaigns(this IServiceCollection services, IServiceProvider data) =>
        services.AddSingleton(new CampaignService(data.GetRequiredService<ICampaignStore>(), data.GetRequiredService<IRunStore>(),
            new UserAdmin(data.GetRequiredService<IServiceScopeFactory>()), TimeProvider.System, new ConfigurationBuilder().Build()));
}
