using System.Security.Claims;
using RearPlayground.Data.Entities;
using RearPlayground.Web.Accounts;
using RearPlayground.Web.Components.Pages.History;
using RearPlayground.Web.Runs;

namespace RearPlayground.Tests.Web;

/// <summary>Only a run's owner or an admin cancels (while it goes) or deletes (once it ended) it.</summary>
public sealed class RunPermissionsTests
{
    public static ClaimsPrincipal User(string name, params string[] roles) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, name), .. roles.Select(r => new Claim(ClaimTypes.Role, r))], "test"));

    private static RunEntity Run(RunStatus status, string owner = "alice") =>
        new() { Owner = owner, Model = "m", Method = "bon", Question = "q", RequestJson = "{}", Status = status };

    [Theory]
    [InlineData("alice", false, true)]
    [InlineData("bob", false, false)]
    [InlineData("bob", true, true)]
    public void Owner_or_admin(string user, bool admin, bool allowed)
    {
        var principal = admin ? User(user, Roles.Admin) : User(user, Roles.Annotator);
        Assert.Equal(allowed, RunPermissions.CanCancel(Run(RunStatus.Running), principal));
        Assert.Equal(allowed, RunPermissions.CanCancel(Run(RunStatus.Queued), principal));
        Assert.Equal(allowed, RunPermissions.CanDelete(Run(RunStatus.Failed), principal));
    }

    [Fact]
    public void Cancel_while_it_goes_delete_once_it_ended()
    {
        var alice = User("alice");
        Assert.All(Enum.GetValues<RunStatus>(), s =>
        {
            Assert.Equal(!s.IsTerminal(), RunPermissions.CanCancel(Run(s), alice));
            Assert.Equal(s.IsTerminal(), RunPermissions.CanDelete(Run(s), alice));
        });
    }

    [Fact]
    public void Nobody_signed_out()
    {
        var anonymous = new ClaimsPrincipal(new ClaimsIdentity());
        Assert.False(RunPermissions.CanDelete(Run(RunStatus.Succeeded, owner: ""), anonymous));
    }
}
