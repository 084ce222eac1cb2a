using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using RearPlayground.Web.Accounts;

namespace RearPlayground.Web.Hosting;

/// <summary>
/// While no user exists, issues a setup token and, once the server listens, prints the whole setup URL on one
/// line (as Jupyter prints its token link): opening it lets the first person create the admin account.
/// </summary>
public static class SetupAnnouncement
{
    public static void Register(WebApplication app)
    {
        using (var scope = app.Services.CreateScope())
            if (scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>().Users.Any()) return;
        var token = app.Services.GetRequiredService<SetupToken>().Issue();
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
                          ?? "http://localhost:5000";
            app.Logger.LogWarning("No account exists yet. Create the first admin at {SetupUrl}", SetupUrl(address, token));
        });
    }

    /// <summary>The link on a browsable host: a wildcard bind address becomes localhost.</summary>
    public static string SetupUrl(string address, string token)
    {
        var uri = new UriBuilder(address.Replace("://+", "://localhost").Replace("://*", "://localhost"));
        if (uri.Host is "0.0.0.0" or "[::]" or "::") uri.Host = "localhost";
        return $"{uri.Scheme}://{uri.Host}:{uri.Port}/setup?token={token}";
    }
}
