namespace RearPlayground.Web.Components.Pages.Playground;

/// <summary>
/// Which validation messages the form shows: a field's own once it was edited, every one after a Run attempt. Keys
/// are the API's camelCase field names, as <see cref="Worker.Contracts.RunRequest.Validate"/> reports them; the messages
/// are shown with the form's labels (<see cref="FieldLabels.Humanize"/>).
/// </summary>
public sealed class FormErrors
{
    private readonly HashSet<string> _touched = [];
    private IReadOnlyDictionary<string, string[]> _all = new Dictionary<string, string[]>();

    public bool Submitted { get; private set; }
    public bool Any => _all.Count > 0;

    public void Update(IReadOnlyDictionary<string, string[]> errors) =>
        _all = errors.ToDictionary(e => e.Key, e => e.Value.Select(m => FieldLabels.Humanize(e.Key, m)).ToArray());

    public void Touch(string field) => _touched.Add(field);

    public void SubmitAttempted() => Submitted = true;

    /// <summary>The message to show under <paramref name="field"/>, or null.</summary>
    public string? Message(string field) =>
        (Submitted || _touched.Contains(field)) && _all.TryGetValue(field, out var messages) && messages.Length > 0
            ? string.Join("; ", messages)
            : null;

    /// <summary>A MudBlazor Validation func for an input of <paramref name="field"/>: the form decides, not the input.</summary>
    public Func<T, string?> For<T>(string field) => _ => Message(field);

    /// <summary>After a Run attempt: problems with fields the form does not show now, so none blocks a run silently.</summary>
    public IEnumerable<string> Elsewhere(IReadOnlySet<string> shown) => Submitted
        ? _all.Where(e => !shown.Contains(e.Key)).SelectMany(e => e.Value)
        : [];

    public bool Has(string field) => _all.ContainsKey(field);
}
