using Bunit;
using Bunit.Rendering;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace RearPlayground.Tests.Web.Components;

/// <summary>
/// A bunit context with MudBlazor's services and loose JS interop (MudBlazor calls JS that bunit need not answer).
/// MudBlazor's services are only asynchronously disposable, so the context is disposed with DisposeAsync.
/// </summary>
public abstract class MudTestContext : BunitContext, IAsyncLifetime
{
    protected MudTestContext()
    {
        Services.AddMudServices();
        // As the app registers them: pages reach runs, annotations and evaluations through these, never the stores
        // (each is resolved only where a test registers its store).
        Services.AddSingleton<RearPlayground.Web.Runs.RunQueries>();
        Services.AddSingleton<RearPlayground.Web.Runs.QuestionRuns>();
        Services.AddSingleton<RearPlayground.Web.Annotations.AnnotationService>();
        Services.AddSingleton<RearPlayground.Web.Evaluations.EvaluationQueries>();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    /// <summary>Renders <paramref name="fragment"/> beside a popover provider, which selects and menus need.</summary>
    protected IRenderedComponent<ContainerFragment> RenderWithPopovers(RenderFragment fragment) =>
        Render(builder =>
        {
            builder.OpenComponent<MudPopoverProvider>(0);
            builder.CloseComponent();
            builder.AddContent(1, fragment);
        });

    public Task InitializeAsync() => Task.CompletedTask;

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();
}
