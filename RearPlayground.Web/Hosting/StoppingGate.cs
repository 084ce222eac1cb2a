namespace RearPlayground.Web.Hosting;

/// <summary>
/// Once the app is stopping, a new request is answered 503 (Retry-After, connection closed) instead of served.
/// Why: SignalR closes its connections when stopping begins, and a client that reconnects at once (a standalone
/// worker's automatic reconnect) would otherwise open a new one while the other services stop; Kestrel then waits
/// for that connection until the host's 30 s shutdown timeout. Refused, the client retries on its own schedule
/// and reaches the app that comes back.
/// </summary>
public static class StoppingGate
{
    public const int RetryAfterSeconds = 5;

    public static IApplicationBuilder UseStoppingGate(this IApplicationBuilder app)
    {
        var stopping = app.ApplicationServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        return app.Use((context, next) =>
        {
            if (!stopping.IsCancellationRequested) return next(context);
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString();
            context.Response.Headers.Connection = "close";
            return Task.CompletedTask;
        });
    }
}
