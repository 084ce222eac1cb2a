using System.ComponentModel.DataAnnotations;

namespace RearPlayground.Web.Components.Pages.Account;

/// <summary>The sign-in and setup forms' fields.</summary>
public sealed class Credentials
{
    [Required(ErrorMessage = "Enter your email")]
    [EmailAddress(ErrorMessage = "Enter a valid email address")]
    public string Email { get; set; } = "";

    [Required(ErrorMessage = "Enter your password")]
    public string Password { get; set; } = "";
}
