using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace RearPlayground.Data;

/// <summary>
/// Lets `dotnet ef migrations add X --project RearPlayground.Data` build the model without the web app's host.
/// The path is only used by commands that touch a database (e.g. `dotnet ef database update`).
/// </summary>
public sealed class RearDbContextDesignFactory : IDesignTimeDbContextFactory<RearDbContext>
{
    public RearDbContext CreateDbContext(string[] args)
    {
        var path = args.Length > 0 ? args[0] : Path.Combine(Path.GetTempPath(), "rear-design.db");
        var options = new DbContextOptionsBuilder<RearDbContext>().UseSqlite($"Data Source={path}").Options;
        return new RearDbContext(options);
    }
}
