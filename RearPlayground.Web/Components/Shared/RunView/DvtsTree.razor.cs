using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace RearPlayground.Web.Components.Shared.RunView;

public partial class DvtsTree
{
    // Before the box is measured (and where there is no browser): about the run page's box at 1280 × 800.
    private const double DefaultBoxWidth = 960, DefaultWindowHeight = 700;
    /// <summary>Zoom limits; below LabelScale the score labels are too small to read and are left out.</summary>
    public const double MinZoom = 0.15, MaxZoom = 3, LabelScale = 0.5;

    [Parameter, EditorRequired] public RunViewState State { get; set; } = null!;

    private TreeLayout _layout = TreeLayout.Of([]);
    private TreeDrawing _drawing = TreeDrawing.Of(TreeLayout.Of([]), new TreeFilter(), new HashSet<int>(), new HashSet<int>());
    private TreeFilter _filter = new();
    private readonly HashSet<int> _collapsed = [], _collapsedSubtrees = [];
    private RunViewState? _layoutState;
    private int _layoutVersion = -1;
    private int? _selected;
    private ElementReference _box;
    private IJSObjectReference? _module;
    private DotNetObjectReference<DvtsTree>? _self;
    private double _scale = 1, _boxWidth = DefaultBoxWidth, _boxHeight = BoxHeight(DefaultWindowHeight);
    private TreeFrame? _frame;
    private bool _actualSize;                  // the reader chose a scale (100 %, zoom): no more fitting until Fit
    private bool _fitted, _fittedWithPath;      // first draw fitted; fitted again once the winning path was known
    private (double Left, double Top)? _scroll; // where to scroll after the next render
    // One handler per node, made once: a redraw hands Blazor the same delegates, so it has no handlers to swap.
    private readonly Dictionary<int, EventCallback> _nodeClicks = [], _toggleClicks = [], _headClicks = [];

    // The layout is redone only when an event changed the state, not on every parent redraw.
    protected override void OnParametersSet()
    {
        if (ReferenceEquals(_layoutState, State) && _layoutVersion == State.Version) return;
        _layout = TreeLayout.Of(State.Nodes);
        _layoutState = State;
        _layoutVersion = State.Version;
        Redraw();
        // While the tree grows the scale and the counts follow it (never the scroll, which is the reader's).
        if (!_fitted) return;
        _frame = _layout.Fit(_boxWidth, _boxHeight, _actualSize ? _scale : null);
        _scale = _frame.Scale;
    }

    private void Redraw() => _drawing = TreeDrawing.Of(_layout, _filter, _collapsed, _collapsedSubtrees);

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (_scroll is { } to && _module is not null)
        {
            _scroll = null;
            await _module.InvokeVoidAsync("scrollTo", _box, to.Left, to.Top);
            return;
        }
        var hasPath = _layout.WinningPath() is not null;
        if (_layout.Places.Count == 0 || _actualSize || (_fitted && (_fittedWithPath || !hasPath))) return;
        await FitAsync();
        _fittedWithPath = hasPath;
        StateHasChanged();
    }

    private async Task FitAsync()
    {
        var (width, height) = await MeasureAsync();
        (_boxWidth, _boxHeight) = (width, BoxHeight(height));
        _frame = _layout.Fit(_boxWidth, _boxHeight);
        _scale = _frame.Scale;
        _fitted = true;
        _scroll = (_frame.View.X * _scale, _frame.View.Y * _scale);
    }

    // The box's width and the window's height; the defaults where there is no browser to ask. Attaches drag and wheel.
    private async Task<(double Width, double Height)> MeasureAsync()
    {
        try
        {
            _module ??= await JS.InvokeAsync<IJSObjectReference>("import", "./js/tree-view.js");
            if (_module is not null && _self is null)
            {
                _self = DotNetObjectReference.Create(this);
                await _module.InvokeVoidAsync("attach", _box, _self);
            }
            var size = _module is null ? null : await _module.InvokeAsync<double[]?>("measure", _box);
            if (size is [> 0 and var w, > 0 and var h]) return (w, h);
        }
        catch (JSDisconnectedException) { }
        catch (JSException) { }
        return (DefaultBoxWidth, DefaultWindowHeight);
    }

    // Most of the window's height, so the page around it stays in reach.
    private static double BoxHeight(double windowHeight) => Math.Clamp(windowHeight * 0.6, 240, 560);

    private async Task FitAgain()
    {
        _actualSize = false;
        await FitAsync();
        _fittedWithPath = _layout.WinningPath() is not null;
    }

    private void ActualSize()
    {
        _actualSize = true;
        _frame = _layout.Fit(_boxWidth, _boxHeight, 1);
        _scale = 1;
        _scroll = (_frame.View.X, _frame.View.Y);
    }

    // The buttons zoom about the box's centre.
    private async Task ZoomBy(double factor)
    {
        double[]? view = null;
        try { view = _module is null ? null : await _module.InvokeAsync<double[]?>("view", _box); }
        catch (JSDisconnectedException) { }
        catch (JSException) { }
        if (view is not [var left, var top, var width, var height]) (left, top, width, height) = (0, 0, _boxWidth, _boxHeight);
        ZoomAt(factor, width / 2, height / 2, left, top);
    }

    /// <summary>Scales by <paramref name="factor"/> keeping the point (x, y) of the box (scrolled to left, top) where it is.</summary>
    [JSInvokable]
    public void ZoomAt(double factor, double x, double y, double left, double top)
    {
        var scale = Math.Clamp(_scale * factor, MinZoom, MaxZoom);
        var f = scale / _scale;
        _scale = scale;
        _actualSize = true;
        _frame = _layout.Fit(_boxWidth, _boxHeight, scale);
        _scroll = (Math.Max(0, (left + x) * f - x), Math.Max(0, (top + y) * f - y));
        StateHasChanged();
    }

    private void SetMode(TreeFilterMode mode)
    {
        _filter = _filter with { Mode = mode };
        Redraw();
    }

    private void SetQuery(string query)
    {
        // Typing looks for the text; clearing the field leaves the chosen mode alone. The field repeats its value when
        // redrawn (after a mode click): the same text again is no new search.
        if (query == _filter.Query) return;
        _filter = _filter with { Query = query, Mode = string.IsNullOrWhiteSpace(query) ? _filter.Mode : TreeFilterMode.Search };
        Redraw();
    }

    private void Toggle(int id)
    {
        if (!_collapsed.Remove(id)) _collapsed.Add(id);
        Redraw();
    }

    private void ExpandAll()
    {
        _collapsed.Clear();
        _collapsedSubtrees.Clear();
        Redraw();
    }

    private EventCallback NodeClick(int id) => Cached(_nodeClicks, id, () => _selected = _selected == id ? null : id);
    private EventCallback ToggleClick(int id) => Cached(_toggleClicks, id, () => Toggle(id));
    private EventCallback HeadClick(int subtree) => Cached(_headClicks, subtree, () =>
    {
        if (!_collapsedSubtrees.Remove(subtree)) _collapsedSubtrees.Add(subtree);
        Redraw();
    });

    private EventCallback Cached(Dictionary<int, EventCallback> cache, int key, Action action) =>
        cache.TryGetValue(key, out var c) ? c : cache[key] = EventCallback.Factory.Create(this, action);

    private static string N(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_module is not null)
            {
                await _module.InvokeVoidAsync("detach", _box);
                await _module.DisposeAsync();
            }
        }
        catch (JSDisconnectedException) { }
        catch (JSException) { }
        _self?.Dispose();
    }
}
