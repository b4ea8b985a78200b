using System.Net;
using System.Text;
using InteropGateway.Adapters.WebRtc.Ice;


namespace InteropGateway.Tests.WebRtc;

public sealed class IceLiteResponderTests
{
    private static readonly IceCredentials Local = new("gwUf", "gatewaypassword0123456789");
    private static readonly IPEndPoint Browser = new(IPAddress.Parse("192.0.2.10"), 54321);

    internal static byte[] Check(string username, string password, bool useCandidate = false, byte[]? transactionId = null)
    {
        var buffer = new byte[256];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingRequest, transactionId ?? Enumerable.Range(1, 12).Select(i => (byte)i).ToArray());
        writer.AddUsername(Encoding.UTF8.GetBytes(username));
        writer.AddPriority(0x6E0001FF);
        writer.AddIceControlling(0x1122334455667788);
        if (useCandidate)
            writer.AddUseCandidate();
        writer.AddMessageIntegrity(Encoding.UTF8.GetBytes(password));
        writer.AddFingerprint();
        return writer.Written.ToArray();
    }

    [Fact]
    public void Answers_a_correct_check_with_mapped_address_integrity_and_fingerprint()
    {
        var responder = new IceLiteResponder(Local, "brws", TimeSpan.FromSeconds(30));
        var request = Check("gwUf:brws", Local.Password);
        Assert.True(StunMessage.TryParse(request, out var parsed));
        var response = new byte[256];

        var outcome = responder.Handle(parsed, Browser, response, out var length);

        Assert.Equal(IceCheckOutcome.Answered, outcome);
        Assert.True(StunMessage.TryParse(response.AsSpan(0, length), out var answer));
        Assert.Equal(StunMessageType.BindingSuccess, answer.Type);
        Assert.True(answer.TransactionId.SequenceEqual(parsed.TransactionId));
        Assert.True(answer.VerifyIntegrity(Encoding.UTF8.GetBytes(Local.Password)));
        Assert.True(answer.VerifyFingerprint());
        Assert.True(answer.TryGetXorMappedAddress(out var mapped));
        Assert.Equal(Browser, mapped);
    }

    [Fact]
    public void Use_candidate_nominates()
    {
        var responder = new IceLiteResponder(Local, "brws", TimeSpan.FromSeconds(30));
        Assert.True(StunMessage.TryParse(Check("gwUf:brws", Local.Password, useCandidate: true), out var parsed));
        Assert.Equal(IceCheckOutcome.AnsweredAndNominated, responder.Handle(parsed, Browser, new byte[256], out _));
    }

    [Fact]
    public void Wrong_integrity_is_ignored_and_counted()
    {
        var responder = new IceLiteResponder(Local, "brws", TimeSpan.FromSeconds(30));
        Assert.True(StunMessage.TryParse(Check("gwUf:brws", "not-the-password-at-all!!"), out var parsed));
        Assert.Equal(IceCheckOutcome.IgnoredBadIntegrity, responder.Handle(parsed, Browser, new byte[256], out var length));
        Assert.Equal(0, length);
        Assert.Equal(1, responder.BadIntegrityCount);
    }

    [Fact]
    public void Wrong_username_is_ignored()
    {
        var responder = new IceLiteResponder(Local, "brws", TimeSpan.FromSeconds(30));
        Assert.True(StunMessage.TryParse(Check("gwUf:othr", Local.Password), out var parsed));
        Assert.Equal(IceCheckOutcome.IgnoredWrongUsername, responder.Handle(parsed, Browser, new byte[256], out _));
        Assert.True(StunMessage.TryParse(Check("xxxx:brws", Local.Password), out parsed));
        Assert.Equal(IceCheckOutcome.IgnoredWrongUsername, responder.Handle(parsed, Browser, new byte[256], out _));
    }

    [Fact]
    public void Consent_expires_without_valid_checks_and_is_refreshed_by_them()
    {
        var time = new ManualTimeProvider();
        var responder = new IceLiteResponder(Local, "brws", TimeSpan.FromSeconds(30), time);
        time.Advance(TimeSpan.FromSeconds(20));
        Assert.False(responder.IsConsentExpired());
        Assert.True(StunMessage.TryParse(Check("gwUf:brws", Local.Password), out var parsed));
        responder.Handle(parsed, Browser, new byte[256], out _);
        time.Advance(TimeSpan.FromSeconds(20));
        Assert.False(responder.IsConsentExpired());

        // Bad checks don't count as consent.
        Assert.True(StunMessage.TryParse(Check("gwUf:brws", "bad-password-bad-password"), out parsed));
        responder.Handle(parsed, Browser, new byte[256], out _);
        time.Advance(TimeSpan.FromSeconds(11));
        Assert.True(responder.IsConsentExpired());
    }
}
