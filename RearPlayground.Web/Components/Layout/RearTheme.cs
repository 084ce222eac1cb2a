using MudBlazor;

namespace RearPlayground.Web.Components.Layout;

/// <summary>The app's MudBlazor theme: system fonts (the app works offline), a calm palette for light and dark.</summary>
public static class RearTheme
{
    private static readonly string[] Fonts = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"];

    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight { Primary = "#3f51b5", Secondary = "#00897b", AppbarBackground = "#3f51b5" },
        PaletteDark = new PaletteDark { Primary = "#8c9eff", Secondary = "#4db6ac" },
        Typography = new Typography { Default = new DefaultTypography { FontFamily = Fonts } },
    };
}
