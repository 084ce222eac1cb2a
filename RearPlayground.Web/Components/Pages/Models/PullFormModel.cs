using RearPlayground.Worker.Hub;
using RearPlayground.Worker.Engine;

namespace RearPlayground.Web.Components.Pages.Models;

/// <summary>The download form's values; only the repository id can be judged before asking the hub.</summary>
public sealed class PullFormModel
{
    public string? Repo { get; set; }
    public string? Revision { get; set; } = "main";
    public string? Variant { get; set; }

    public string? RepoError => string.IsNullOrWhiteSpace(Repo) ? "the repository is required: ORG/NAME"
        : HubCache.IsRepoId(Repo.Trim()) ? null
        : $"'{Repo.Trim()}' is not a repository id: use ORG/NAME";
}
