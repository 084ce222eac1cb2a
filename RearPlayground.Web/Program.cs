using RearPlayground.Web;
using RearPlayground.Web.Bench;
using RearPlayground.Web.Hosting;

// bench-app hosts its own copy of the app in a temp folder: handled before this host is built.
if (AppBench.IsVerb(args)) return await AppBench.RunAsync(args, Console.Out, Console.Error);

// The top-level wwwroot/ beside RearPlayground.sln is the web root.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, WebRootPath = WebRoot.Locate() });
builder.AddRearWeb();

var app = builder.Build();
await app.UseRearWebAsync();
app.Run();
return 0;

/// <summary>Visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
