using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using RearPlayground.Tests.Web;
using RearPlayground.Web.Accounts;

namespace RearPlayground.Tests.Api;

/// <summary>POST /api/users checks the email as the users page does: a 400 naming "email", and nobody created.</summary>
[Collection("Hangfire")]
public class UserEmailTests(WebAppFactory app) : IClassFixture<WebAppFactory>
{
    [Theory]
    [InlineData("not-an-email")]
    [InlineData("two@@example.org")]
    [InlineData("Ann <ann@example.org>")]
    [InlineData(" ann@example.org")]
    [InlineData("")]
    public async Task An_invalid_email_is_a_400_naming_email(string email)
    {
        using var client = await app.SignedInAsync();

        using var response = await client.PostAsJsonAsync("/api/users", new { email, password = "Ann-pass-1", roles = new[] { "annotator" } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(EmailCheck.Problem(email), problem!["errors"]!["email"]![0]!.GetValue<string>());
        var users = await client.GetFromJsonAsync<JsonArray>("/api/users");
        Assert.DoesNotContain(users!, u => u!["email"]!.GetValue<string>().Contains("ann", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_valid_email_creates_the_user()
    {
        using var client = await app.SignedInAsync();

        using var response = await client.PostAsJsonAsync("/api/users", new { email = "bob@example.org", password = "Bob-pass-1" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Null(EmailCheck.Problem("bob@example.org"));
    }
}
