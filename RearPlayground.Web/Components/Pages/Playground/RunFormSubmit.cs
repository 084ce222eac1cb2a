using RearPlayground.Worker.Contracts;

namespace RearPlayground.Web.Components.Pages.Playground;

/// <summary>
/// What Run hands the page: the request and its Idempotency-Key, the same for every try of one unchanged form (a second
/// click, a retry) so the service starts one run for them; a new one after an edit or once the run ended.
/// </summary>
public sealed record RunFormSubmit(RunRequest Request, string IdempotencyKey);
