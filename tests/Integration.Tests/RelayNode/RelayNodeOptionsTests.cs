using InteropGateway.Adapters.RelayNode;
using Microsoft.Extensions.Configuration;

namespace InteropGateway.Tests.Integration.RelayNode;

/// <summary>The pattern lists as configuration binds them: no list = everything, [""] = nothing.</summary>
public sealed class RelayNodeOptionsTests
{
    [Theory]
    [InlineData(null, 1, "*")]
    [InlineData("", 1, "")]
    [InlineData("live/*", 1, "live/*")]
    public void Publish_patterns_bind_with_all_as_the_default(string? first, int count, string expected)
    {
        var settings = new Dictionary<string, string?> { ["Gateway:RelayNode:Upstream"] = "https://up:443" };
        if (first is not null)
            settings["Gateway:RelayNode:Publish:0"] = first;
        var options = new ConfigurationBuilder().AddInMemoryCollection(settings).Build()
            .GetSection(RelayNodeOptions.Section).Get<RelayNodeOptions>()!;
        var patterns = RelayNodeOptions.PatternsOrAll(options.Publish);
        Assert.Equal(count, patterns.Count);
        Assert.Equal(expected, patterns[0]);
    }
}
