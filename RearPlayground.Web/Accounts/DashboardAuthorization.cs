using Hangfire.Dashboard;

namespace RearPlayground.Web.Accounts;

/// <summary>The Hangfire dashboard is for admins only.</summary>
public sealed class DashboardAuthorization : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context) => context.GetHttpContext().User.IsInRole(Roles.Admin);
}
