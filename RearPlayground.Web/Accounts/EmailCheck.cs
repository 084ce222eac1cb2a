using System.ComponentModel.DataAnnotations;
using System.Net.Mail;

namespace RearPlayground.Web.Accounts;

/// <summary>
/// Whether a new account's email is an email address: the users page and <c>POST /api/users</c> share this check.
/// Stricter than [EmailAddress] alone (which only wants an @ inside): no display name, no spaces, a local part and a host.
/// </summary>
public static class EmailCheck
{
    public const int MaxLength = 256;

    /// <summary>Why <paramref name="email"/> is not acceptable, or null when it is.</summary>
    public static string? Problem(string? email)
    {
        if (string.IsNullOrWhiteSpace(email)) return "the email address is required";
        if (email.Length > MaxLength) return $"the email address must be at most {MaxLength} characters";
        var valid = email == email.Trim()
                    && new EmailAddressAttribute().IsValid(email)
                    && MailAddress.TryCreate(email, out var address)
                    && address.Address == email && string.IsNullOrEmpty(address.DisplayName)
                    && address.User.Length > 0 && address.Host.Length > 0 && !address.Host.StartsWith('.') && !address.Host.EndsWith('.');
        return valid ? null : $"'{email}' is not a valid email address";
    }
}
