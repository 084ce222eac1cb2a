using RearPlayground.Web;

var builder = WebApplication.CreateBuilder(args);
builder.AddRearWeb();

var app = builder.Build();
await app.UseRearWebAsync();
app.Run();

/// <summary>Visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
