using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using RearPlayground.Tests.Web;

namespace RearPlayground.Tests.Stress;

/// <summary>
/// Bad input over the HTTP API (<see cref="ApiCases"/>): every refusal is a 4xx with problem details naming the field,
/// nothing is stored, no 5xx, and no answer shows a server path.
/// </summary>
[Collection("Hangfire")]
public sealed class BadInputTests(StressApp app) : IClassFixture<StressApp>
{
    [Theory]
    [MemberData(nameof(ApiCases.Names), MemberType = typeof(ApiCases))]
    public async Task A_bad_request_is_refused_with_problem_details_naming_the_field_and_stores_nothing(string name)
    {
        var c = ApiCases.All[name];
        var ended = await app.EndedRunAsync();
        using var client = await app.SignedInAsync();
        var before = await StressApp.RunCountAsync(client);
        var path = c.Path.Replace("{ended}", ended.ToString()).Replace("{missing}", Guid.NewGuid().ToString());

        using var request = new HttpRequestMessage(new HttpMethod(c.Method), path);
        if (c.Body is not null) request.Content = Content(c);
        // Chunked, as HttpClient sends JsonContent: no length to refuse up front.
        if (c.Chunked) request.Headers.TransferEncodingChunked = true;
        using var response = await client.SendAsync(request);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == c.Status, $"{name}: {(int)response.StatusCode} {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(text)!.AsObject();
        Assert.Equal(c.Status, problem["status"]!.GetValue<int>());
        if (c.Field is not null) Assert.Contains(c.Field, problem["errors"]!.AsObject().Select(e => e.Key));
        Assert.DoesNotContain(Support.SharedModels.Root, text);
        Assert.DoesNotContain(app.DataFolder, text);
        Assert.Equal(before, await StressApp.RunCountAsync(client));
    }

    private static HttpContent Content(ApiCase c)
    {
        var content = new ByteArrayContent((c.Latin1 ? Encoding.Latin1 : Encoding.UTF8).GetBytes(c.Body!));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(c.ContentType);
        return content;
    }
}
