namespace RearPlayground.Web.Components.Shared.Sweep;

/// <summary>One candidate's score against λ: its (λ, S) points in order, drawn as a polyline.</summary>
public sealed record SweepLine(string Label, string Color, IReadOnlyList<(double X, double Y)> Points, bool Emphasis = false);

/// <summary>A λ interval where <paramref name="Label"/> ranks first, drawn as a band under the chart.</summary>
public sealed record SweepBand(double From, double To, string Label, string Color, string TextColor = "#111");
