namespace RearPlayground.Web.Components.Pages.Account;

/// <summary>What Identity's /login answered, as a sentence for the form. Unknown email and wrong password read the same.</summary>
public static class SignInMessages
{
    public static string For(string? result) => result switch
    {
        "LockedOut" => "This account is locked for a while after too many failed attempts. Try again later or ask an admin.",
        "NotAllowed" => "This account may not sign in yet.",
        "network" => "The server could not be reached. Check your connection and try again.",
        _ => "Wrong email or password.",
    };
}
