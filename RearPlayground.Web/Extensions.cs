using Hangfire;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using MudBlazor.Services;
using RearPlayground.Data;
using RearPlayground.Web.Datasets;
using RearPlayground.Web.Components;
using RearPlayground.Web.Accounts;
using RearPlayground.Web.Annotations;
using RearPlayground.Web.Calibration;
using RearPlayground.Web.Profiles;
using RearPlayground.Web.Batches;
using RearPlayground.Web.Campaigns;
using RearPlayground.Web.Export;
using RearPlayground.Web.Evaluations;
using RearPlayground.Web.History;
using RearPlayground.Web.Hosting;
using RearPlayground.Web.Live;
using RearPlayground.Web.Runs;
using RearPlayground.Web.Runs.Inspection;
using RearPlayground.Web.Workers;
using RearPlayground.Web.Models;
using RearPlayground.Worker.Engine;
using RearPlayground.Worker.Hub;
using RearPlayground.Worker.Jobs;
using RearPlayground.Worker.Models;
using RearPlayground.Worker.Events;

namespace RearPlayground.Web;

/// <summary>The web app's registrations and pipeline in one place (as dotnet/eShop's WebApp does).</summary>
public static class Extensions
{
    public static void AddRearWeb(this WebApplicationBuilder builder)
    {
        var config = builder.Configuration;
        var dataFolder = config["Rear:DataFolder"] ?? Path.Combine(builder.Environment.ContentRootPath, "App_Data");
        var database = config["Rear:Database"] ?? Path.Combine(dataFolder, "rear.db");
        builder.Services.AddRearData(database);
        // Sign-in cookies and bearer tokens must survive restarts: keep the key ring beside the database.
        builder.Services.AddDataProtection().PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(dataFolder, "keys")));
        builder.Services.AddRearJobs(config);
        builder.Services.AddSingleton<RunEventBroker>();
        builder.Services.AddSingleton<IRunEventPublisher>(sp => sp.GetRequiredService<RunEventBroker>());
        builder.Services.AddSingleton<RunService>();
        builder.Services.AddSingleton<RunQueries>();
        builder.Services.AddSingleton<QuestionRuns>();
        builder.Services.AddSingleton<EvaluationService>();
        builder.Services.AddSingleton<EvaluationQueries>();
        builder.Services.AddSingleton<AnnotationService>();
        builder.Services.AddSingleton<CampaignService>();
        builder.Services.AddSingleton<CalibrationSources>();
        builder.Services.AddSingleton<CalibrationService>();
        builder.Services.AddSingleton<ProfileService>();
        builder.Services.AddSingleton<BatchService>();
        builder.Services.AddSingleton<BatchQueries>();
        builder.Services.AddSingleton<HistoryActions>();
        builder.Services.AddSingleton(_ => ModelLocator.Default(config.GetSection("Rear:ModelDirectories").Get<string[]>(), config["Rear:Hub:Cache"],
            config.GetValue("Rear:DefaultModelDirectories", true)));
        builder.Services.AddSingleton(_ => new ModelDownloads(HubSettings.From(config["Rear:Hub:Endpoint"], config["Rear:Hub:Token"], config["Rear:Hub:Cache"])));
        builder.Services.AddSingleton(config.GetSection(DatasetOptions.Section).Get<DatasetOptions>() ?? new DatasetOptions());
        builder.Services.AddSingleton(sp => new DatasetService(sp.GetRequiredService<RearPlayground.Data.Datasets.IDatasetStore>(),
            sp.GetRequiredService<DatasetOptions>(), sp.GetRequiredService<ModelDownloads>().Settings));
        builder.Services.AddSingleton<DatasetPulls>();
        builder.Services.AddSingleton(sp => new TokenizerCache(sp.GetRequiredService<ModelPool>().Locator));
        builder.Services.AddSingleton<GenRmRanks>();
        builder.Services.AddSingleton(_ => new InspectionCache());
        builder.Services.AddSingleton<TokenInspections>();
        builder.Services.AddSingleton<ModelNames>();
        builder.Services.AddSingleton<PromptFit>();
        builder.Services.AddSingleton<RunChecks>();
        // Workers on other machines: their runs' events are stored here; a silent worker's runs end Interrupted.
        builder.Services.AddSingleton(config.GetSection(RemoteRunOptions.Section).Get<RemoteRunOptions>() ?? new RemoteRunOptions());
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<RemoteRuns>();
        builder.Services.AddHostedService<RemoteRunMonitor>();

        builder.Services.AddAuthorization();
        builder.Services.AddIdentityApiEndpoints<IdentityUser>()
            .AddRoles<IdentityRole>()
            .AddSignInManager<UniformSignInManager>()
            .AddEntityFrameworkStores<RearDbContext>();
        builder.Services.AddSignInRateLimit(config);
        builder.Services.Configure<IdentityOptions>(o => o.Password.RequiredLength = 8);
        builder.Services.AddSingleton<SetupToken>();
        builder.Services.AddSingleton<UserAdmin>();
        // Sessions on the server: sign-out ends them there, not only in the browser (see SessionTicketStore).
        builder.Services.AddSingleton<SessionConnections>();
        builder.Services.AddSingleton<SessionTicketStore>();
        builder.Services.AddOptions<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme)
            .Configure<SessionTicketStore>((o, store) => o.SessionStore = store);
        AddPageChallenge(builder.Services);

        // The pages: Blazor Server (interactive server rendering, no prerendering) with MudBlazor.
        builder.WebHost.UseStaticWebAssets(); // MudBlazor's and Blazor's assets when run from a build, in any environment
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddScoped<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider, SessionRevalidation>();
        builder.Services.AddMudServices();
        // SignalR over WebSockets cannot send headers: the hub takes the bearer token from the query string.
        builder.Services.Configure<BearerTokenOptions>(IdentityConstants.BearerScheme, o => o.Events = new BearerTokenEvents
        {
            OnMessageReceived = ctx =>
            {
                var token = ctx.Request.Query["access_token"];
                if (!string.IsNullOrEmpty(token) && ctx.HttpContext.Request.Path.StartsWithSegments(RunHub.Path)) ctx.Token = token;
                return Task.CompletedTask;
            },
        });
        builder.Services.AddSignalR().AddMessagePackProtocol().AddHubOptions<RunHub>(o => o.MaximumReceiveMessageSize = RunHub.MaxMessageBytes);
        builder.Services.AddOpenApi();
        builder.Services.AddProblemDetails();
        // A request that cannot be bound throws, in every environment, so BadRequestProblems answers it naming the field.
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddExceptionHandler<BadRequestProblems>();
        // The disk full or the database read-only: 503 saying so, not an empty 500.
        builder.Services.AddExceptionHandler<StorageProblems>();
        // A number is a JSON number: "20" for λ is refused, as "four" is.
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict);
        // A body that is not JSON of the right shape is the client's error (400), not a server error, also where it throws (Development).
        builder.Services.Configure<ExceptionHandlerOptions>(o => o.StatusCodeSelector = e => e is BadHttpRequestException bad ? bad.StatusCode
            : StorageProblems.Describe(e) is not null ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status500InternalServerError);
        builder.Services.AddHealthChecks()
            .AddDbContextCheck<RearDbContext>("database")
            .AddCheck<JobServerHealthCheck>("jobs")
            .AddCheck<ModelsHealthCheck>("models");
    }

    public static async Task UseRearWebAsync(this WebApplication app)
    {
        await StartupTasks.RunAsync(app);
        SetupAnnouncement.Register(app);
        ModelAnnouncement.Log(app);
        app.UseStoppingGate();
        app.UseSecurityHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages(ApiProblems.StatusPageAsync);
        app.UseErrorPages();
        app.UseApiBodyLimit();
        app.UseRateLimiter();
        // Self-registration is off: an admin creates users (POST /api/users).
        app.Use((ctx, next) => ctx.Request.Path.StartsWithSegments("/register") ? Results.NotFound().ExecuteAsync(ctx) : next());
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseBearerRevalidation();
        app.UseAntiforgery();
        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        app.MapAccountEndpoints();
        app.MapIdentityApi<IdentityUser>();
        app.MapUserEndpoints();
        app.MapRunEndpoints();
        app.MapModelEndpoints();
        app.MapDatasetEndpoints();
        app.MapAnnotationEndpoints();
        app.MapCampaignEndpoints();
        app.MapCalibrationEndpoints();
        app.MapProfileEndpoints();
        app.MapBatchEndpoints();
        app.MapExportEndpoints();
        app.MapWorkerEndpoints();
        app.MapHub<RunHub>(RunHub.Path);
        // Admins only, checked before the dashboard too, so that a browser is sent to sign in, or shown the app's no-access
        // page (DashboardAuthorization stays as the dashboard's own check).
        app.MapHangfireDashboard(DashboardPath, new DashboardOptions { Authorization = [new DashboardAuthorization()] })
            .RequireAuthorization(p => p.RequireRole(Roles.Admin));
        app.MapOpenApi();
        app.MapHealthChecks("/health");
    }

    /// <summary>
    /// Signed-out visitors of a page are sent to the sign-in page; the API, the hub and other non-page routes keep
    /// answering 401/403 (Identity's API scheme challenges with a bare 401).
    /// </summary>
    private static void AddPageChallenge(IServiceCollection services)
    {
        const string scheme = "RearPageOrApi";
        services.AddAuthentication().AddPolicyScheme(scheme, null, o => o.ForwardDefaultSelector = ctx =>
            IsPage(ctx.Request) ? IdentityConstants.ApplicationScheme : "Identity.BearerAndApplication" /* IdentityConstants.BearerAndApplicationScheme, internal */);
        services.PostConfigure<Microsoft.AspNetCore.Authentication.AuthenticationOptions>(o =>
        {
            o.DefaultChallengeScheme = scheme;
            o.DefaultForbidScheme = scheme;
        });
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = AccountEndpoints.LoginPath;
            o.AccessDeniedPath = AccountEndpoints.DeniedPath;
            o.Cookie.Name = "rear.auth";
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.SlidingExpiration = true;
            o.ExpireTimeSpan = TimeSpan.FromDays(14);
            // A signed-in non-admin at the dashboard: 403 at the same address, answered by the app's no-access page
            // (ErrorPages), rather than a redirect; pages keep the redirect to the no-access page.
            var redirect = o.Events.OnRedirectToAccessDenied;
            o.Events.OnRedirectToAccessDenied = ctx =>
            {
                if (!ctx.Request.Path.StartsWithSegments(DashboardPath)) return redirect(ctx);
                ctx.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
        });
    }

    private static bool IsPage(HttpRequest request) =>
        HttpMethods.IsGet(request.Method)
        && !request.Path.StartsWithSegments("/api") && !request.Path.StartsWithSegments(RunHub.Path)
        // The dashboard's pages are pages for a browser (sign in first); its scripts and XHRs get a bare 401.
        && (!request.Path.StartsWithSegments(DashboardPath) || ErrorPages.AcceptsHtml(request)) && !request.Path.StartsWithSegments("/_blazor")
        && !request.Path.StartsWithSegments("/openapi") && !request.Path.StartsWithSegments("/health");

    private const string DashboardPath = "/hangfire";
}
