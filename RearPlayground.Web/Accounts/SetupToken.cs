using System.Security.Cryptography;
using System.Text;

namespace RearPlayground.Web.Accounts;

/// <summary>
/// The one-time link that lets the first person create the admin account (as Jupyter's token): random,
/// printed once at start-up while no user exists, and spent by the first successful setup.
/// </summary>
public sealed class SetupToken
{
    private string? _token;

    /// <summary>A fresh token; earlier ones stop working.</summary>
    public string Issue()
    {
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        Volatile.Write(ref _token, token);
        return token;
    }

    public bool IsOpen => Volatile.Read(ref _token) is not null;

    public bool Matches(string? candidate)
    {
        var token = Volatile.Read(ref _token);
        if (token is null || string.IsNullOrEmpty(candidate)) return false;
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(token), Encoding.UTF8.GetBytes(candidate));
    }

    /// <summary>Takes the token for one setup attempt; false when it does not match or another attempt holds it.</summary>
    public bool TryTake(string? candidate)
    {
        var token = Volatile.Read(ref _token);
        return Matches(candidate) && Interlocked.CompareExchange(ref _token, null, token) == token;
    }

    /// <summary>Gives the token back after a failed attempt (e.g. a password the policy refused).</summary>
    public void Restore(string candidate) => Interlocked.CompareExchange(ref _token, candidate, null);
}
