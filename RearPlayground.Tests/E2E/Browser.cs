using Microsoft.Playwright;
using RearPlayground.Worker.Engine;

namespace RearPlayground.Tests.E2E;

/// <summary>
/// Debian's chromium driven by Playwright (its own browser download is not available here): one browser per
/// test class, a fresh context (cookies, storage) per test. Screenshots go to .artifacts/screenshots/.
/// Every page's console is watched for Content-Security-Policy violations: any one fails the class when the browser closes.
/// </summary>
public sealed class Browser : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";
    private IPlaywright? _playwright;

    public IBrowser Instance { get; private set; } = null!;

    /// <summary>Console messages of any page of this browser that report a Content-Security-Policy violation.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> CspViolations { get; } = new();

    public static string ScreenshotFolder
    {
        get
        {
            var root = ModelLocator.FindSolutionRoot(AppContext.BaseDirectory) ?? Directory.GetCurrentDirectory();
            var folder = Path.Combine(root, ".artifacts", "screenshots");
            Directory.CreateDirectory(folder);
            return folder;
        }
    }

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException($"{ChromiumPath} is missing: install Debian's chromium (apt-get install -y chromium); .ci/run does");
        _playwright = await Playwright.CreateAsync();
        Instance = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // The closed network refuses Chromium's background connections; root needs --no-sandbox.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
        });
    }

    /// <summary>A new page at desktop size (1280×800) or phone size (390×844), with its own cookies.</summary>
    public async Task<IPage> NewPageAsync(Uri baseAddress, bool phone = false)
    {
        var context = await Instance.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(),
            ViewportSize = phone ? new ViewportSize { Width = 390, Height = 844 } : new ViewportSize { Width = 1280, Height = 800 },
            IsMobile = phone,
            AcceptDownloads = true,
        });
        context.SetDefaultTimeout(30_000);
        // Also the violations Chromium reports only as events (e.g. a blocked style attribute).
        await context.AddInitScriptAsync("document.addEventListener('securitypolicyviolation', e => " +
            "console.error(`Content Security Policy violation: ${e.violatedDirective} ${e.blockedURI}`))");
        var page = await context.NewPageAsync();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)) CspViolations.Enqueue($"{page.Url}: {message.Text}");
        };
        return page;
    }

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, name + ".png"), FullPage = true });

    public async Task DisposeAsync()
    {
        if (Instance is not null) await Instance.DisposeAsync();
        _playwright?.Dispose();
        if (!CspViolations.IsEmpty)
            throw new InvalidOperationException("Content-Security-Policy violations in the browser:\n" + string.Join("\n", CspViolations));
    }
}
