using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using RearPlayground.Tests.Web;

namespace RearPlayground.Tests.Stress;

/// <summary>Team members of the stress suites (created by the admin on first use) and clients that act as them.</summary>
internal static class TeamClients
{
    public const string Password = "Team-pass-123";
    public const string Ann = "ann@example.org", Bob = "bob@example.org";

    /// <summary>Creates <paramref name="email"/> with <paramref name="role"/> unless the account exists.</summary>
    public static async Task EnsureUserAsync(WebAppFactory app, string email, string role = "annotator")
    {
        using var admin = await app.SignedInAsync();
        var users = (await admin.GetFromJsonAsync<JsonArray>("/api/users"))!;
        if (users.Any(u => u!["email"]!.GetValue<string>() == email)) return;
        using var created = await admin.PostAsJsonAsync("/api/users", new { email, password = Password, roles = new[] { role } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
    }

    /// <summary>A bearer-token client of <paramref name="email"/> (an annotator, made if missing).</summary>
    public static async Task<HttpClient> MemberAsync(WebAppFactory app, string email)
    {
        await EnsureUserAsync(app, email);
        return await app.SignedInAsync(email, Password);
    }

    /// <summary>A client that does not follow redirects, with no credentials.</summary>
    public static HttpClient NoRedirects(WebAppFactory app, CookieContainer? cookies = null) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = cookies is not null, CookieContainer = cookies ?? new CookieContainer() })
        {
            BaseAddress = app.BaseAddress,
        };

    /// <summary>A browser-like client holding <paramref name="email"/>'s sign-in cookie (as the sign-in page gets it).</summary>
    public static async Task<HttpClient> CookieAsync(WebAppFactory app, string email, string password)
    {
        var client = NoRedirects(app, new CookieContainer());
        using var login = await client.PostAsJsonAsync("/login?useCookies=true", new { email, password });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        return client;
    }
}
