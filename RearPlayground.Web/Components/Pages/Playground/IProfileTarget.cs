using RearPlayground.Worker.Contracts;

namespace RearPlayground.Web.Components.Pages.Playground;

/// <summary>A form the <c>ProfilePicker</c> fills: the Playground's run form and the batch start form.</summary>
public interface IProfileTarget
{
    /// <summary>Copies the profile's λ, γ, aggregation and EOS rule into the form (null: keeps the values, drops the profile).</summary>
    void ApplyProfile(ScorerProfile? profile);

    /// <summary>The picked profile's name while the form still has its values; null: custom.</summary>
    string? ProfileInUse { get; }
}
