namespace InteropGateway.Adapters.RelayNode.Role;

/// <summary>One relay link as status shows it.</summary>
/// <param name="Direction">"push" (published here, sent up) or "pull" (asked for here, fetched down).</param>
/// <param name="Connected">The upstream accepted the stream and frames flow now.</param>
public sealed record RelayLinkStatus(string Direction, string Stream, bool Connected, int Retries, string? LastError);
