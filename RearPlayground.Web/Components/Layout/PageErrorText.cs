using System.Data.Common;

namespace RearPlayground.Web.Components.Layout;

/// <summary>
/// What the error panel says. Storage errors name their cause (the database locked or full): something a team member
/// can act on. A file error or anything else (a bug) is named by its kind only: the details stay in the server's log.
/// </summary>
public static class PageErrorText
{
    public static string For(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var inner = Innermost(error);
        return inner switch
        {
            DbException db => $"The database refused: {db.Message} Nothing was half-written; try again in a moment.",
            // Its message may hold a server path: the log has it.
            IOException => "A file could not be read or written (the server's log says which). Try again in a moment.",
            TimeoutException => "An operation took too long. Try again; if it keeps happening, the server may be overloaded.",
            _ => $"An unexpected error ({inner.GetType().Name}). It was logged on the server; try again, or go back to the Playground.",
        };
    }

    // EF and the renderer wrap the store's own exception: the innermost one says what happened.
    private static Exception Innermost(Exception error)
    {
        var current = error;
        while (current.InnerException is { } inner && current is not DbException) current = inner;
        return current;
    }
}
