using Microsoft.Playwright;

namespace InteropGateway.Tests.Integration.Infrastructure;

/// <summary>
/// Debian's chromium (/usr/bin/chromium), headless, driven by Playwright for .NET. Playwright's own
/// browser downloads are never used: the package's bundled node driver talks to this executable.
/// Media is allowed to play without a gesture and fake capture devices stand in for camera and mic.
/// </summary>
public sealed class Chromium : IAsyncDisposable
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private readonly IPlaywright _playwright;

    private Chromium(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Browser = browser;
    }

    public IBrowser Browser { get; }

    public static async Task<Chromium> LaunchAsync(params string[] extraArgs)
    {
        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new()
            {
                ExecutablePath = ExecutablePath,
                Headless = true,
                Timeout = 30_000,
                Args =
                [
                    "--no-sandbox", // tests run as root in CI containers
                    "--autoplay-policy=no-user-gesture-required",
                    "--use-fake-ui-for-media-stream",
                    "--use-fake-device-for-media-stream",
                    "--disable-gpu-sandbox",
                    .. extraArgs,
                ],
            });
            return new Chromium(playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    /// <summary>A fresh page whose console messages go to <paramref name="console"/> (for test output).</summary>
    public async Task<IPage> NewPageAsync(Action<string>? console = null)
    {
        var page = await Browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 } });
        if (console is not null)
        {
            page.Console += (_, message) => console($"[browser {message.Type}] {message.Text}");
            page.PageError += (_, error) => console($"[browser error] {error}");
        }
        return page;
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.CloseAsync();
        _playwright.Dispose();
    }
}
