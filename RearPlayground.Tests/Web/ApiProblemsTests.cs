using RearPlayground.Web.Components.Pages.Account;
using RearPlayground.Web.Hosting;
using RearPlayground.Worker.Jobs;

namespace RearPlayground.Tests.Web;

/// <summary>The small rules behind the API's refusals: JSON path → field, prompt fit → field, the sign-in page's 429 sentence.</summary>
public sealed class ApiProblemsTests
{
    [Theory]
    [InlineData("$.n", "n")]
    [InlineData("$.N", "n")]
    [InlineData("$.maxTokens", "maxTokens")]
    [InlineData("$.value[0][1]", "value")]
    [InlineData("$.model.inner", "model")]
    [InlineData("$['weird key']", "weird key")]
    [InlineData("$", "body")]
    [InlineData("$[0]", "body")]
    [InlineData(null, "body")]
    public void A_json_path_names_the_top_level_field(string? path, string field) => Assert.Equal(field, ApiProblems.FieldOfJsonPath(path));

    [Theory]
    [InlineData(600, 10, 8, 512, "question")]
    [InlineData(10, 512, 8, 512, "preference")]
    [InlineData(10, 20, 500, 512, "maxTokens")]
    [InlineData(10, 20, 492, 512, null)]
    public void The_prompt_fit_names_what_to_change(int without, int with, int maxTokens, int positions, string? field) =>
        Assert.Equal(field, PromptFit.Misfit(without, with, maxTokens, positions)?.Field);

    [Theory]
    [InlineData("TooManyRequests:42", "Wait 42 seconds")]
    [InlineData("TooManyRequests:", "Wait a minute")]
    [InlineData("Failed", "Wrong email or password.")]
    [InlineData("LockedOut", "Ask an admin")]
    public void The_sign_in_page_says_what_happened(string result, string expected) => Assert.Contains(expected, SignInMessages.For(result));
}
