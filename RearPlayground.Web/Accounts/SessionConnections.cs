using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;

namespace RearPlayground.Web.Accounts;

/// <summary>
/// Open hub connections by the sign-in session they were opened with. A connection is authenticated once, when it
/// opens, so sign-out (<see cref="SessionTicketStore.RemoveAsync"/>) must close the ones its session opened: a cookie
/// copied before sign-out would otherwise keep following runs on a socket it already had.
/// </summary>
public sealed class SessionConnections
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, HubCallerContext>> _bySession = new();

    /// <summary>The key of the connections a user opened with a bearer token (no session): an admin's change to the account closes them.</summary>
    public static string BearerKey(string userId) => $"bearer:{userId}";

    public void Add(string session, HubCallerContext connection) =>
        _bySession.GetOrAdd(session, _ => new())[connection.ConnectionId] = connection;

    public void Remove(string session, string connectionId)
    {
        if (_bySession.TryGetValue(session, out var connections)) connections.TryRemove(connectionId, out _);
    }

    /// <summary>Closes every connection the session opened; a connection that opens later is refused by its cookie.</summary>
    public void End(string session)
    {
        if (!_bySession.TryRemove(session, out var connections)) return;
        foreach (var connection in connections.Values) connection.Abort();
    }

    /// <summary>How many connections the session has open (for tests and diagnostics).</summary>
    public int Count(string session) => _bySession.TryGetValue(session, out var connections) ? connections.Count : 0;
}
