using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Data.Sqlite;

namespace RearPlayground.Web.Hosting;

/// <summary>
/// The disk full or the database read-only is the server's condition, not a bug: answered as 503 problem details
/// saying so (where the framework would answer an empty 500), so a client knows to retry later and an operator
/// what to fix. SQLite's codes: 13 SQLITE_FULL, 8 SQLITE_READONLY, 10 SQLITE_IOERR, 14 SQLITE_CANTOPEN; a file
/// the app writes itself (the key ring) fails with ENOSPC (28) or EROFS (30).
/// </summary>
public sealed class StorageProblems(ILogger<StorageProblems> logger) : IExceptionHandler
{
    public const string Full = "the server's storage is full: nothing was saved; try again once space has been freed";
    public const string ReadOnly = "the server's database is read-only: nothing was saved; try again later";
    public const string Failing = "the server's database cannot be opened or written (read-only or failing storage); try again later";

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (Describe(exception) is not { } message || context.Response.HasStarted) return false;
        logger.LogError(exception, "storage refused a write: {Message}", message);
        await ApiProblems.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, null, message);
        return true;
    }

    /// <summary>The sentence for a storage failure anywhere in the exception's chain; null when it is no storage failure.</summary>
    public static string? Describe(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case SqliteException { SqliteErrorCode: 13 }: return Full;
                case SqliteException { SqliteErrorCode: 8 }: return ReadOnly;
                case SqliteException { SqliteErrorCode: 10 or 14 }: return Failing;
                case IOException io when (io.HResult & 0xFFFF) == 28 || io.Message.Contains("No space left", StringComparison.Ordinal): return Full;
                case IOException io when (io.HResult & 0xFFFF) == 30 || io.Message.Contains("Read-only file system", StringComparison.Ordinal): return ReadOnly;
            }
        }
        return null;
    }
}
