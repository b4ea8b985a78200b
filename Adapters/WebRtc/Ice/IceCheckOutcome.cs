namespace InteropGateway.Adapters.WebRtc.Ice;

/// <summary>What the ICE-lite responder did with one incoming STUN message.</summary>
public enum IceCheckOutcome
{
    /// <summary>A valid Binding request: a success response was written.</summary>
    Answered,
    /// <summary>A valid Binding request with USE-CANDIDATE: answered, and the controlling peer nominated this path.</summary>
    AnsweredAndNominated,
    /// <summary>MESSAGE-INTEGRITY missing or not made with our password: ignored, as RFC 8489 §9.1.3 allows for checks.</summary>
    IgnoredBadIntegrity,
    /// <summary>USERNAME is not "ourUfrag:theirUfrag".</summary>
    IgnoredWrongUsername,
    /// <summary>FINGERPRINT wrong, or not a Binding request (responses and indications need no answer from a lite agent).</summary>
    IgnoredOther,
}
