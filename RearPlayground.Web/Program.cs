using RearPlayground.Web;
using RearPlayground.Web.Hosting;

// The top-level wwwroot/ beside RearPlayground.sln is the web root.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, WebRootPath = WebRoot.Locate() });
builder.AddRearWeb();

var app = builder.Build();
await app.UseRearWebAsync();
app.Run();

/// <summary>Visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
