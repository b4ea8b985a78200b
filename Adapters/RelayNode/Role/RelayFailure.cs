namespace InteropGateway.Adapters.RelayNode.Role;

internal static class RelayFailure
{
    /// <summary>
    /// Every message down the inner-exception chain: HttpClient's outer messages ("The SSL
    /// connection could not be established, see inner exception.") hide the reason one level down.
    /// </summary>
    public static string Describe(Exception exception)
    {
        var parts = new List<string>();
        for (var ex = exception; ex is not null && parts.Count < 5; ex = ex.InnerException)
        {
            var message = ex.Message.Replace(" See the inner exception for details.", "").Replace(", see inner exception.", "").Trim();
            if (message.Length > 0 && !parts.Contains(message))
                parts.Add(message);
        }
        return string.Join(": ", parts);
    }
}
