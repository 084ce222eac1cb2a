using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace RearPlayground.Tests.Stress;

/// <summary>
/// Bad calls of the runs hub are refused with a HubException (the caller's error, with a message where the hub has
/// one), store nothing, and leave the connection working: it then follows a real run.
/// </summary>
[Collection("Hangfire")]
public sealed class BadInputHubTests(StressApp app) : IClassFixture<StressApp>
{
    private static readonly IReadOnlyDictionary<string, (string Method, Func<Guid, object?[]> Args, string? Message)> Cases =
        new Dictionary<string, (string, Func<Guid, object?[]>, string?)>
        {
            ["join an unknown run"] = ("Join", _ => [Guid.NewGuid(), 0L], "no run"),
            ["join with a negative sequence"] = ("Join", ended => [ended, -1L], "afterSequence"),
            ["join with an id that is no GUID"] = ("Join", _ => ["not-a-guid", 0L], null),
            ["join with a number for the id"] = ("Join", _ => [42, 0L], null),
            ["join with no arguments"] = ("Join", _ => [], null),
            ["join with a word for the sequence"] = ("Join", ended => [ended, "first"], null),
            ["an unknown method"] = ("Explode", _ => [], null),
        };

    public static TheoryData<string> Names() => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(Names))]
    public async Task A_bad_hub_call_is_refused_and_the_connection_goes_on(string name)
    {
        var (method, args, message) = Cases[name];
        var ended = await app.EndedRunAsync();
        using var client = await app.SignedInAsync();
        var before = await StressApp.RunCountAsync(client);
        await using var hub = await app.HubAsync();
        var first = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        hub.On<RearPlayground.Web.Live.RunEventMessage>("event", m => first.TrySetResult(m.Sequence));

        var e = await Assert.ThrowsAsync<HubException>(() => hub.InvokeCoreAsync(method, args(ended)));

        if (message is not null) Assert.Contains(message, e.Message);
        await hub.InvokeAsync("Join", ended, 0L);
        Assert.Equal(1, await first.Task.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(before, await StressApp.RunCountAsync(client));
    }
}
