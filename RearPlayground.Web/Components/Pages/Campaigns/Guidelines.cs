using Markdig;
using Microsoft.AspNetCore.Components;

namespace RearPlayground.Web.Components.Pages.Campaigns;

/// <summary>
/// A campaign's guidelines as HTML: Markdown through Markdig with raw HTML disabled, so a <c>&lt;script&gt;</c> or any tag
/// in the guidelines comes out as escaped text. Only this output ever becomes a MarkupString.
/// </summary>
public static class Guidelines
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().DisableHtml().Build();

    public static MarkupString Html(string? markdown) => new(Markdown.ToHtml(markdown ?? "", Pipeline));
}
