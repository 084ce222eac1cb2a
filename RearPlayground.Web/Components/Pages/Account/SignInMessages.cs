namespace RearPlayground.Web.Components.Pages.Account;

/// <summary>
/// What Identity's /login answered, as a sentence for the form. Unknown email and wrong password read the same;
/// LockedOut only ever follows a right password (an admin locked the account: failed tries never do).
/// </summary>
public static class SignInMessages
{
    public static string For(string? result) => result switch
    {
        "LockedOut" => "This account is locked. Ask an admin to unlock it.",
        "NotAllowed" => "This account may not sign in yet.",
        "network" => "The server could not be reached. Check your connection and try again.",
        { } r when r.StartsWith("TooManyRequests", StringComparison.Ordinal) => TooMany(r),
        _ => "Wrong email or password.",
    };

    // "TooManyRequests:42" → the wait in seconds, when the server said.
    private static string TooMany(string result) =>
        int.TryParse(result.AsSpan("TooManyRequests".Length).TrimStart(':'), out var seconds) && seconds > 0
            ? $"Too many sign-in attempts from this computer. Wait {seconds} seconds, then try again."
            : "Too many sign-in attempts from this computer. Wait a minute, then try again.";
}
