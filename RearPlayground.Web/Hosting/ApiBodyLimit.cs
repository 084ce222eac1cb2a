using Microsoft.AspNetCore.Http.Features;

namespace RearPlayground.Web.Hosting;

/// <summary>
/// The API takes bodies up to 1 MB (a run request is a few kB): a larger one is refused with 413 problem details
/// before anything reads it. A body without a length (chunked) is read into a buffer first, so going past the limit
/// there is a 413 answer too, not a connection cut in the middle of JSON parsing.
/// </summary>
public static class ApiBodyLimit
{
    public const long MaxBytes = 1024 * 1024;

    public static IApplicationBuilder UseApiBodyLimit(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var request = context.Request;
        if (!ApiProblems.IsApi(request) || context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == false)
        {
            await next(context);
            return;
        }
        var limit = LimitFor(context);
        if (request.ContentLength > limit)
        {
            await TooLarge(context);
            return;
        }
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = limit;
        if (limit != MaxBytes)
        {
            // A dataset upload is streamed to a temp file by its handler, which counts it against its own limit.
            await next(context);
            return;
        }
        if (request.ContentLength is null)
        {
            request.EnableBuffering(bufferThreshold: 64 * 1024, bufferLimit: MaxBytes);
            try
            {
                await request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
            }
            catch (IOException e) when (e is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge }
                                        || (e is not BadHttpRequestException && !context.RequestAborted.IsCancellationRequested))
            {
                // Kestrel's limit or the buffer's ("Buffer limit exceeded"), whichever counted past it first.
                await TooLarge(context);
                return;
            }
            request.Body.Position = 0;
        }
        await next(context);
    });

    /// <summary>1 MB, except a dataset upload: the dataset limit (Rear:Datasets:MaxBytes) plus room for the form's other parts.</summary>
    private static long LimitFor(HttpContext context) =>
        HttpMethods.IsPost(context.Request.Method) && context.Request.Path.Equals("/api/datasets", StringComparison.OrdinalIgnoreCase)
            ? context.RequestServices.GetRequiredService<RearPlayground.Web.Datasets.DatasetOptions>().MaxBytes + MaxBytes
            : MaxBytes;

    private static Task TooLarge(HttpContext context) =>
        ApiProblems.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, "body", ApiProblems.Describe(StatusCodes.Status413PayloadTooLarge));
}
