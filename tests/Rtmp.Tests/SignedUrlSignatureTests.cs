using InteropGateway.Adapters.Rtmp.MiniProgram;
using InteropGateway.Core.Relay;

namespace InteropGateway.Tests.Rtmp;

/// <summary>Signed mini-program URLs: HMAC-SHA256 over action, app, stream and expiry.</summary>
public class SignedUrlSignatureTests
{
    private const string Secret = "s3cret";
    private static readonly StreamKey Cam = new("live", "cam1");
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1767225000);

    [Fact]
    public void Signature_matches_the_one_line_openssl_recipe_in_the_readme()
    {
        // printf '%s' "publish/live/cam1/1767225600" | openssl dgst -sha256 -hmac "s3cret" -r | cut -d' ' -f1
        Assert.Equal("08031c61353e6be132486a400c0de21dcb41bc083f5fb9d61287a8ee2c60b898", SignedUrl.Sign(Secret, SignedUrl.Publish, Cam, 1767225600));
    }

    [Fact]
    public void Valid_signature_is_accepted_in_either_case()
    {
        var query = SignedUrl.Query(Secret, SignedUrl.Publish, Cam, Now.AddMinutes(10));
        Assert.Null(SignedUrl.Check(Secret, SignedUrl.Publish, Cam, query, Now));
        Assert.Null(SignedUrl.Check(Secret, SignedUrl.Publish, Cam, "?" + query.ToUpperInvariant().Replace("EXPIRES", "expires").Replace("SIGN", "sign"), Now));
    }

    [Theory]
    [InlineData("tampered", "signature does not match")]
    [InlineData("other stream", "signature does not match")]
    [InlineData("other action", "signature does not match")]
    [InlineData("other secret", "signature does not match")]
    [InlineData("longer expiry", "signature does not match")]
    [InlineData("expired", "expired at")]
    [InlineData("unsigned", "unsigned URL")]
    [InlineData("short sign", "64 hex digits")]
    [InlineData("bad expires", "not a Unix time")]
    public void Bad_signatures_are_refused_with_a_reason(string variant, string reason)
    {
        var expires = Now.AddMinutes(10).ToUnixTimeSeconds();
        var sign = SignedUrl.Sign(Secret, SignedUrl.Publish, Cam, expires);
        var (key, action, query) = variant switch
        {
            "tampered" => (Cam, SignedUrl.Publish, $"expires={expires}&sign={(sign[0] == 'a' ? 'b' : 'a')}{sign[1..]}"),
            "other stream" => (new StreamKey("live", "cam2"), SignedUrl.Publish, $"expires={expires}&sign={sign}"),
            "other action" => (Cam, SignedUrl.Play, $"expires={expires}&sign={sign}"),
            "other secret" => (Cam, SignedUrl.Publish, $"expires={expires}&sign={SignedUrl.Sign("other", SignedUrl.Publish, Cam, expires)}"),
            "longer expiry" => (Cam, SignedUrl.Publish, $"expires={expires + 3600}&sign={sign}"),
            "expired" => (Cam, SignedUrl.Publish, SignedUrl.Query(Secret, SignedUrl.Publish, Cam, Now.AddSeconds(-1))),
            "unsigned" => (Cam, SignedUrl.Publish, ""),
            "short sign" => (Cam, SignedUrl.Publish, $"expires={expires}&sign=abc"),
            _ => (Cam, SignedUrl.Publish, $"expires=soon&sign={sign}"),
        };
        Assert.Contains(reason, SignedUrl.Check(Secret, action, key, query, Now));
    }
}
