using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RearPlayground.Web.Components.Layout;

namespace RearPlayground.Tests.Web.Components.Layout;

/// <summary>
/// The layout's error panel: a page whose handler throws shows what went wrong in its place (the circuit lives on),
/// Try again renders the page afresh, and moving to another page recovers by itself.
/// </summary>
public sealed class PageErrorTests : MudTestContext
{
    /// <summary>A page with one button whose handler throws <see cref="Error"/>; counts its own instances.</summary>
    private sealed class Thrower : ComponentBase
    {
        public static int Created;

        [Parameter] public Exception Error { get; set; } = new InvalidOperationException();

        protected override void OnInitialized() => Created++;

        protected override void BuildRenderTree(RenderTreeBuilder builder)
        {
            builder.OpenElement(0, "button");
            builder.AddAttribute(1, "data-testid", "boom");
            builder.AddAttribute(2, "onclick", EventCallback.Factory.Create(this, () => throw Error));
            builder.AddContent(3, "Run");
            builder.CloseElement();
        }
    }

    private IRenderedComponent<PageError> RenderPage(Exception error) =>
        Render<PageError>(p => p.AddChildContent<Thrower>(t => t.Add(x => x.Error, error)));

    [Fact]
    public void A_store_error_in_a_handler_shows_its_cause_in_place_of_the_page_and_Try_again_renders_the_page_afresh()
    {
        var locked = new DbUpdateException("An error occurred while saving the entity changes.",
            new SqliteException("SQLite Error 5: 'database is locked'.", 5));
        var page = RenderPage(locked);
        var before = Thrower.Created;

        page.Find("[data-testid=boom]").Click();

        Assert.Contains("database is locked", page.Find("[data-testid=page-error-text]").TextContent);
        Assert.Empty(page.FindAll("[data-testid=boom]"));

        page.Find("[data-testid=page-error-retry] button, button[data-testid=page-error-retry]").Click();
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=boom]")));
        Assert.Empty(page.FindAll("[data-testid=page-error]"));
        Assert.Equal(before + 1, Thrower.Created);
    }

    [Fact]
    public void Moving_to_another_page_recovers_without_a_click()
    {
        var page = RenderPage(new InvalidOperationException("secret detail"));
        page.Find("[data-testid=boom]").Click();
        Assert.Single(page.FindAll("[data-testid=page-error]"));

        Services.GetRequiredService<NavigationManager>().NavigateTo("/history");

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=boom]")));
        Assert.Empty(page.FindAll("[data-testid=page-error]"));
    }

    [Fact]
    public void A_bug_is_named_by_its_kind_only_its_message_stays_in_the_log()
    {
        var text = PageErrorText.For(new InvalidOperationException("connection string Data Source=/srv/secret.db"));
        Assert.Contains("InvalidOperationException", text);
        Assert.DoesNotContain("secret", text);
    }

    [Fact]
    public void A_storage_error_names_its_cause_a_file_error_no_server_path()
    {
        Assert.Contains("database or disk is full", PageErrorText.For(new SqliteException("SQLite Error 13: 'database or disk is full'.", 13)));
        var file = PageErrorText.For(new IOException("Could not find file /srv/data/rear.db"));
        Assert.Contains("file could not be read or written", file);
        Assert.DoesNotContain("/srv", file);
        Assert.Contains("too long", PageErrorText.For(new TimeoutException()));
    }
}
