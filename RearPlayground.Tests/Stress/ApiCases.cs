using RearPlayground.Tests.Support;

namespace RearPlayground.Tests.Stress;

/// <summary>
/// One bad request to the API and how it must be refused: <see cref="Status"/> with problem details naming
/// <see cref="Field"/> (in <c>errors</c>; null = a refusal with no field, e.g. 404). Paths may hold {ended} (a
/// succeeded run) and {missing} (an id no run has).
/// </summary>
public sealed record ApiCase(string Method, string Path, string? Body, int Status, string? Field,
    string ContentType = "application/json", bool Chunked = false, bool Latin1 = false);

/// <summary>The bad requests of <see cref="BadInputTests"/>, by name (a theory row each).</summary>
public static class ApiCases
{
    /// <summary>A valid tiny run (RunApi.Tiny) whose fields <paramref name="fragment"/> overrides (JSON: the last of a repeated key wins).</summary>
    public static string Run(string fragment) =>
        $$"""{"model":"stories260K","method":"bon","question":"Once upon a time","preference":"Tom was a cat.","n":2,"m":2,"maxTokens":8,"seed":4,{{fragment}}}""";

    private static ApiCase Submit(string fragment, string field) => new("POST", "/api/runs", Run(fragment), 400, field);
    private static ApiCase Raw(string body, string field, int status = 400, string contentType = "application/json") =>
        new("POST", "/api/runs", body, status, field, contentType);
    private static ApiCase Get(string path, string? field, int status = 400) => new("GET", path, null, status, field);

    private static readonly string K100 = new('x', 100_000);
    // ~900 tokens in under 4000 characters: past stories260K's 512 positions, within the length limit.
    private static readonly string ManyTokens = string.Concat(Enumerable.Repeat("a b c d e f g h i j ", 190));
    private static readonly string Deep = new string('[', 5000) + new string(']', 5000);
    private static readonly string TwoMegabytes = Run($"\"question\":\"{new string('x', 2 * 1024 * 1024)}\"");

    public static readonly IReadOnlyDictionary<string, ApiCase> All = new Dictionary<string, ApiCase>
    {
        // Texts
        ["question empty"] = Submit("\"question\":\"\"", "question"),
        ["question whitespace"] = Submit("\"question\":\" \\t\\n \"", "question"),
        ["question null"] = Submit("\"question\":null", "question"),
        ["question a number"] = Submit("\"question\":42", "question"),
        ["question 100k characters"] = Submit($"\"question\":\"{K100}\"", "question"),
        ["preference 100k characters"] = Submit($"\"preference\":\"{K100}\"", "preference"),
        ["question past the model's positions"] = Submit($"\"question\":\"{ManyTokens}\"", "question"),
        ["preference past the model's positions"] = Submit($"\"preference\":\"{ManyTokens}\"", "preference"),
        ["question a lone high surrogate"] = Submit("\"question\":\"Once \\ud800 upon\"", "question"),
        ["preference a lone low surrogate"] = Submit("\"preference\":\"\\udc00\"", "preference"),
        ["question raw control character"] = Raw("{\"model\":\"stories260K\",\"method\":\"bon\",\"question\":\"a\u0001b\"}", "question"),
        ["separator null"] = Submit("\"separator\":null", "separator"),
        // Model
        ["model missing"] = Submit("\"model\":null", "model"),
        ["model empty"] = Submit("\"model\":\"\"", "model"),
        ["model unknown"] = Submit("\"model\":\"no-such-model\"", "model"),
        ["model wrong case"] = Submit("\"model\":\"STORIES260K\"", "model"),
        ["model /etc"] = Submit("\"model\":\"/etc\"", "model"),
        ["model ../.."] = Submit("\"model\":\"../..\"", "model"),
        ["model ../../etc/passwd"] = Submit("\"model\":\"../../etc/passwd\"", "model"),
        ["model ./stories260K"] = Submit("\"model\":\"./stories260K\"", "model"),
        ["model stories260K/../stories260K"] = Submit("\"model\":\"stories260K/../stories260K\"", "model"),
        ["model the server's folder"] = Submit($"\"model\":\"{SharedModels.Stories}\"", "model"),
        ["model an array"] = Submit("\"model\":[\"stories260K\"]", "model"),
        // Names
        ["method unknown"] = Submit("\"method\":\"beam\"", "method"),
        ["method missing"] = Submit("\"method\":null", "method"),
        ["scorer unknown"] = Submit("\"scorer\":\"oracle\"", "scorer"),
        ["aggregation unknown"] = Submit("\"agg\":\"median\"", "agg"),
        ["device unknown"] = Submit("\"device\":\"tpu\"", "device"),
        // Counts
        ["n zero"] = Submit("\"n\":0", "n"),
        ["n negative"] = Submit("\"n\":-3", "n"),
        ["n past the limit"] = Submit("\"n\":65", "n"),
        ["n fractional"] = Submit("\"n\":2.5", "n"),
        ["n a word"] = Submit("\"n\":\"four\"", "n"),
        ["n a numeric string"] = Submit("\"n\":\"2\"", "n"),
        ["n past int"] = Submit("\"n\":1e10", "n"),
        ["m zero"] = Submit("\"m\":0", "m"),
        ["m past the limit"] = Submit("\"m\":65", "m"),
        ["m not dividing n"] = Submit("\"method\":\"dvts\",\"n\":4,\"m\":3", "m"),
        ["maxTokens zero"] = Submit("\"maxTokens\":0", "maxTokens"),
        ["maxTokens past the limit"] = Submit("\"maxTokens\":513", "maxTokens"),
        ["maxTokens past the model's positions"] = Submit("\"maxTokens\":510", "maxTokens"),
        ["stepTokens zero"] = Submit("\"stepTokens\":0", "stepTokens"),
        ["maxSteps zero"] = Submit("\"maxSteps\":0", "maxSteps"),
        ["topK negative"] = Submit("\"topK\":-1", "topK"),
        ["seed past long"] = Submit("\"seed\":1e30", "seed"),
        ["sampleWithPreference a word"] = Submit("\"sampleWithPreference\":\"yes\"", "sampleWithPreference"),
        // Reals
        ["lambda NaN literal"] = Submit("\"lambda\":NaN", "lambda"),
        ["lambda NaN string"] = Submit("\"lambda\":\"NaN\"", "lambda"),
        ["lambda Infinity literal"] = Submit("\"lambda\":Infinity", "lambda"),
        ["lambda -Infinity string"] = Submit("\"lambda\":\"-Infinity\"", "lambda"),
        ["lambda 1e308"] = Submit("\"lambda\":1e308", "lambda"),
        ["lambda -1e308"] = Submit("\"lambda\":-1e308", "lambda"),
        ["lambda 1e400"] = Submit("\"lambda\":1e400", "lambda"),
        ["lambda just past 1e6"] = Submit("\"lambda\":1000000.5", "lambda"),
        ["lambda a word"] = Submit("\"lambda\":\"strong\"", "lambda"),
        ["gamma NaN string"] = Submit("\"gamma\":\"NaN\"", "gamma"),
        ["gamma zero"] = Submit("\"gamma\":0", "gamma"),
        ["gamma past one"] = Submit("\"gamma\":1.5", "gamma"),
        ["gamma Infinity string"] = Submit("\"gamma\":\"Infinity\"", "gamma"),
        ["temperature NaN literal"] = Submit("\"temperature\":NaN", "temperature"),
        ["temperature negative"] = Submit("\"temperature\":-1", "temperature"),
        ["temperature 1e308"] = Submit("\"temperature\":1e308", "temperature"),
        ["temperature 1e-300"] = Submit("\"temperature\":1e-300", "temperature"),
        ["temperature a word"] = Submit("\"temperature\":\"hot\"", "temperature"),
        ["topP zero"] = Submit("\"topP\":0", "topP"),
        ["topP past one"] = Submit("\"topP\":1.5", "topP"),
        ["topP -Infinity string"] = Submit("\"topP\":\"-Infinity\"", "topP"),
        // Bodies
        ["body empty"] = Raw("", "body"),
        ["body null"] = Raw("null", "body"),
        ["body an array"] = Raw("[1, 2]", "body"),
        ["body not JSON"] = Raw("model=stories260K", "body"),
        ["body cut short"] = Raw("{\"model\":\"stories260K\",\"question\":", "question"),
        // Sent as Latin-1: the bytes FF FE, which are no UTF-8.
        ["body invalid UTF-8"] = Raw("{\"model\":\"stories260K\",\"method\":\"bon\",\"question\":\"\u00ff\u00fe\"}", "question") with { Latin1 = true },
        ["body nested deeply"] = Raw(Deep, "body"),
        ["model nested deeply"] = Submit($"\"model\":{Deep}", "model"),
        ["body as text/plain"] = Raw(Run("\"n\":2"), "body", 415, "text/plain"),
        ["body as a form"] = Raw("model=stories260K&question=hi", "body", 415, "application/x-www-form-urlencoded"),
        ["body 2 MB"] = new("POST", "/api/runs", TwoMegabytes, 413, "body"),
        ["body 2 MB chunked"] = new("POST", "/api/runs", TwoMegabytes, 413, "body", Chunked: true),
        // Queries
        ["list page a word"] = Get("/api/runs?page=abc", "page"),
        ["list pageSize a word"] = Get("/api/runs?pageSize=lots", "pageSize"),
        ["list annotated a word"] = Get("/api/runs?annotated=maybe", "annotated"),
        ["list desc a word"] = Get("/api/runs?desc=sideways", "desc"),
        ["list status unknown"] = Get("/api/runs?status=sleeping", "status"),
        ["list sort unknown"] = Get("/api/runs?sort=height", "sort"),
        ["list from not a date"] = Get("/api/runs?from=yesterdayish", "from"),
        ["events after a word"] = Get("/api/runs/{ended}/events?after=abc", "after"),
        ["rescore lambda a word"] = Get("/api/runs/{ended}/rescore?lambda=abc", "lambda"),
        ["rescore lambda NaN"] = Get("/api/runs/{ended}/rescore?lambda=NaN", "lambda"),
        ["rescore lambda Infinity"] = Get("/api/runs/{ended}/rescore?lambda=Infinity", "lambda"),
        ["rescore lambda 1e308"] = Get("/api/runs/{ended}/rescore?lambda=1e308", "lambda"),
        ["rescore gamma zero"] = Get("/api/runs/{ended}/rescore?gamma=0", "gamma"),
        ["rescore gamma NaN"] = Get("/api/runs/{ended}/rescore?gamma=NaN", "gamma"),
        ["rescore agg unknown"] = Get("/api/runs/{ended}/rescore?agg=median", "agg"),
        ["queue page a word"] = Get("/api/annotate/queue?page=first", "page"),
        ["queue order unknown"] = Get("/api/annotate/queue?order=sideways", "order"),
        ["export from not a date"] = Get("/api/export/runs.json?from=soon", "from"),
        // Ids and routes
        ["run id not a GUID"] = Get("/api/runs/not-a-guid", null, 404),
        ["run id unknown"] = Get("/api/runs/{missing}", null, 404),
        ["events of an unknown run"] = Get("/api/runs/{missing}/events", null, 404),
        ["rescore of an unknown run"] = Get("/api/runs/{missing}/rescore", null, 404),
        ["cancel an unknown run"] = new("POST", "/api/runs/{missing}/cancel", null, 404, null),
        ["cancel a run id not a GUID"] = new("POST", "/api/runs/12345/cancel", null, 404, null),
        ["cancel an ended run"] = new("POST", "/api/runs/{ended}/cancel", null, 409, null),
        ["rerun an unknown run"] = new("POST", "/api/runs/{missing}/rerun", null, 404, null),
        ["annotations of an unknown run"] = Get("/api/runs/{missing}/annotations", null, 404),
        ["annotate an unknown run"] = new("POST", "/api/runs/{missing}/annotations", """{"kind":"comment","comment":"hi"}""", 404, null),
        ["annotate an unknown kind"] = new("POST", "/api/runs/{ended}/annotations", """{"kind":"vibe","comment":"hi"}""", 400, "kind"),
        ["annotate a candidate the run lacks"] = new("POST", "/api/runs/{ended}/annotations", """{"kind":"best","candidateIndex":99}""", 400, "candidateIndex"),
        ["annotate a value nested deeply"] = new("POST", "/api/runs/{ended}/annotations", $$"""{"kind":"rank","value":{{Deep}}}""", 400, "value"),
        ["change an unknown annotation"] = new("PUT", "/api/runs/{ended}/annotations/987654", """{"kind":"comment","comment":"hi"}""", 404, null),
        ["delete an annotation id not a number"] = new("DELETE", "/api/runs/{ended}/annotations/abc", null, 404, null),
        ["unknown API route"] = Get("/api/nothing/here", null, 404),
        ["list with a wrong method"] = new("DELETE", "/api/runs", null, 405, null),
        // Users
        ["user email not an email"] = new("POST", "/api/users", """{"email":"not-an-email","password":"Ann-pass-1"}""", 400, "email"),
        ["user email a number"] = new("POST", "/api/users", """{"email":5,"password":"Ann-pass-1"}""", 400, "email"),
        ["user roles a string"] = new("POST", "/api/users", """{"email":"ann@example.org","password":"Ann-pass-1","roles":"admin"}""", 400, "roles"),
    };

    public static TheoryData<string> Names() => new(All.Keys);
}
