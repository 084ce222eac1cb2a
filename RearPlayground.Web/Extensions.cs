using Hangfire;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using RearPlayground.Data;
using RearPlayground.Web.Accounts;
using RearPlayground.Web.Hosting;
using RearPlayground.Web.Live;
using RearPlayground.Web.Runs;
using RearPlayground.Worker.Engine;
using RearPlayground.Worker.Jobs;

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
        builder.Services.AddSingleton(_ => ModelLocator.Default(config.GetSection("Rear:ModelDirectories").Get<string[]>()));

        builder.Services.AddAuthorization();
        builder.Services.AddIdentityApiEndpoints<IdentityUser>()
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<RearDbContext>();
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
        builder.Services.AddSignalR();
        builder.Services.AddOpenApi();
        builder.Services.AddProblemDetails();
        // A body that is not JSON of the right shape is the client's error (400), not a server error, also where it throws (Development).
        builder.Services.Configure<ExceptionHandlerOptions>(o => o.StatusCodeSelector = e => e is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError);
        builder.Services.AddHealthChecks()
            .AddDbContextCheck<RearDbContext>("database")
            .AddCheck<JobServerHealthCheck>("jobs")
            .AddCheck<ModelsHealthCheck>("models");
    }

    public static async Task UseRearWebAsync(this WebApplication app)
    {
        await StartupTasks.RunAsync(app);
        app.UseExceptionHandler();
        // Self-registration is off: an admin creates users (POST /api/users).
        app.Use((ctx, next) => ctx.Request.Path.StartsWithSegments("/register") ? Results.NotFound().ExecuteAsync(ctx) : next());
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapIdentityApi<IdentityUser>();
        app.MapUserEndpoints();
        app.MapRunEndpoints();
        app.MapHub<RunHub>(RunHub.Path);
        app.MapHangfireDashboard("/hangfire", new DashboardOptions { Authorization = [new DashboardAuthorization()] });
        app.MapOpenApi();
        app.MapHealthChecks("/health");
    }
}
