using System.Text.Json;
using InteropGateway.Matrix;

namespace InteropGateway.Tests.Matrix;

public class MatrixJsonTests
{
    [Fact]
    public void ApiDocumentHasProfilesAndAllCells()
    {
        var json = MatrixTableRenderer.ToJson(TestFiles.Shipped(), version: 3);
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        Assert.Equal(3, root.GetProperty("version").GetInt64());
        Assert.Equal(6, root.GetProperty("profiles").GetArrayLength());
        var cells = root.GetProperty("cells").EnumerateArray().ToList();
        Assert.Equal(36, cells.Count);
        var rtmpToH5 = cells.Single(c => c.GetProperty("from").GetString() == "rtmp" && c.GetProperty("to").GetString() == "h5");
        Assert.Equal("H264/MPEG1", rtmpToH5.GetProperty("label").GetString());
        Assert.Equal("convert", rtmpToH5.GetProperty("kind").GetString());
        Assert.Equal(
            ["h264->mpeg1", "aac->mp2"],
            rtmpToH5.GetProperty("conversions").EnumerateArray()
                .Select(c => $"{c.GetProperty("from").GetString()}->{c.GetProperty("to").GetString()}"));
        var webrtc = root.GetProperty("profiles")[0];
        Assert.Equal("WebRTC", webrtc.GetProperty("name").GetString());
        Assert.Equal(["h264", "vp8"], webrtc.GetProperty("ingests").GetProperty("video").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public void ApiDocumentIsStable()
    {
        Assert.Equal(MatrixTableRenderer.ToJson(TestFiles.Shipped()), MatrixTableRenderer.ToJson(TestFiles.Shipped()));
    }
}
