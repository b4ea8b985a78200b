namespace InteropGateway.Core.Demo;

/// <summary>The built-in demo source (DESIGN §3 "Host"), section <c>Gateway:Demo</c>.</summary>
public sealed class DemoOptions
{
    public const string Section = "Gateway:Demo";

    /// <summary>On by default, so a first run shows a picture in every player.</summary>
    public bool Enabled { get; set; } = true;
    public string App { get; set; } = "demo";
    public string Stream { get; set; } = "testsrc";

    public int Width { get; set; } = 1280;
    public int Height { get; set; } = 720;
    public int Fps { get; set; } = 30;
    public int VideoBitRate { get; set; } = 2_500_000;
    /// <summary>libx264 preset; the pattern is easy to encode, so a fast preset keeps the appliance's CPU free.</summary>
    public string H264Preset { get; set; } = "veryfast";
    public double KeyframeIntervalSeconds { get; set; } = 2;

    public int AudioBitRate { get; set; } = 128_000;
}
