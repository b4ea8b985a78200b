using System.Text.Json.Nodes;
using InteropGateway.Matrix;

namespace InteropGateway.Tests.Matrix;

public class MatrixParseTests
{
    private static MatrixFormatException ParseFails(Action<JsonNode> edit) =>
        Assert.Throws<MatrixFormatException>(() => MatrixDefinition.Parse(TestFiles.ShippedWith(edit)));

    [Fact]
    public void ShippedFileParses()
    {
        var m = TestFiles.Shipped();
        Assert.Equal(36, m.Cells.Length);
        Assert.Equal(6, m.Profiles.Length);
        Assert.True(m.Profile("webrtc").Ingests(InteropGateway.Codecs.Media.CodecId.Vp8));
        Assert.False(m.Profile("webrtc").Accepts(InteropGateway.Codecs.Media.CodecId.Vp8));
    }

    [Fact]
    public void MissingCellIsNamed()
    {
        var e = ParseFails(n => n["cells"]!["rtmp"]!.AsObject().Remove("cdn"));
        Assert.Equal("cells: missing cell rtmp->cdn", e.Message);
    }

    [Fact]
    public void UnknownCodecNamesCellAndField()
    {
        var e = ParseFails(n => n["cells"]!["rtmp"]!["webrtc"]!["convert"]![0] = "aac->opsu");
        Assert.StartsWith("cell rtmp->webrtc, field \"convert[0]\": unknown codec \"opsu\"", e.Message);
    }

    [Fact]
    public void UnknownCodecInProfileNamesProfileAndField()
    {
        var e = ParseFails(n => n["profiles"]!["udp"]!["accepts"]!["video"]![1] = "h266");
        Assert.StartsWith("profile \"udp\", field \"accepts.video[1]\": unknown codec \"h266\"", e.Message);
    }

    [Fact]
    public void UnknownProtocolInCellsIsNamed()
    {
        var e = ParseFails(n => n["cells"]!["rtmp"]!["sip"] = new JsonObject { ["label"] = "none" });
        Assert.StartsWith("cells, row \"rtmp\": unknown protocol \"sip\"", e.Message);
    }

    [Fact]
    public void UnknownProtocolInProfilesIsNamed()
    {
        var e = ParseFails(n => n["profiles"]!["sip"] = new JsonObject { ["name"] = "SIP" });
        Assert.StartsWith("\"profiles\": unknown protocol \"sip\"", e.Message);
    }

    [Fact]
    public void ConversionAcrossKindsIsRejected()
    {
        var e = ParseFails(n => n["cells"]!["h5"]!["rtmp"]!["convert"]![1] = "mp2->h264");
        Assert.StartsWith("cell h5->rtmp, field \"convert[1]\": mp2->h264 mixes kinds", e.Message);
    }

    [Fact]
    public void ConversionToACodecTheSinkRefusesIsRejected()
    {
        var e = ParseFails(n => n["cells"]!["rtmp"]!["webrtc"]!["convert"]![0] = "aac->mp2");
        Assert.StartsWith("cell rtmp->webrtc, field \"convert[0]\": aac->mp2: webrtc does not accept mp2", e.Message);
    }

    [Fact]
    public void NoneCellWithConversionsIsRejected()
    {
        var e = ParseFails(n => n["cells"]!["rtmp"]!["rtmp"]!["convert"] = new JsonArray("h264->h265"));
        Assert.StartsWith("cell rtmp->rtmp, field \"convert\": a \"none\" cell", e.Message);
    }

    [Fact]
    public void ConvertingCellWithoutConversionsIsRejected()
    {
        var e = ParseFails(n => n["cells"]!["rtmp"]!["webrtc"]!.AsObject().Remove("convert"));
        Assert.StartsWith("cell rtmp->webrtc, field \"convert\": cell \"Opus/AAC\" converts", e.Message);
    }

    [Fact]
    public void MisspelledFieldIsRejected()
    {
        var e = ParseFails(n => n["cells"]!["cdn"]!["h5"]!["convrt"] = new JsonArray());
        Assert.StartsWith("cell cdn->h5: unknown field \"convrt\"", e.Message);
    }

    [Fact]
    public void MissingLabelIsNamed()
    {
        var e = ParseFails(n => n["cells"]!["udp"]!["udp"]!.AsObject().Remove("label"));
        Assert.Equal("cell udp->udp: missing field \"label\"", e.Message);
    }

    [Fact]
    public void PreferredCodecMustBeAccepted()
    {
        var e = ParseFails(n => n["profiles"]!["h5"]!["prefer"]!["audio"] = "aac");
        Assert.StartsWith("profile \"h5\", field \"prefer.audio\": aac is not in \"accepts\"", e.Message);
    }

    [Fact]
    public void InvalidJsonGivesTheLine()
    {
        var e = Assert.Throws<MatrixFormatException>(() => MatrixDefinition.Parse("{\n  \"profiles\": {,\n}"));
        Assert.StartsWith("not valid JSON at line 2", e.Message);
    }
}
