using RearPlayground.Tests.Web;

namespace RearPlayground.Tests.Stress;

/// <summary>The real app with the sign-in limit at 3 attempts a minute per client, so a test reaches it quickly.</summary>
public sealed class RateLimitedApp() : WebAppFactory(null, new Dictionary<string, string?> { ["Rear:SignIn:PermitLimit"] = "3" })
{
    public const int Limit = 3;
}
