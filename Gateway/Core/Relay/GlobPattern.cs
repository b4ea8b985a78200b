namespace InteropGateway.Core.Relay;

/// <summary>Shell-style matching for stream names: <c>*</c> matches any run of characters, <c>?</c> exactly one. Case-sensitive.</summary>
public static class GlobPattern
{
    public static bool IsMatch(string pattern, string text)
    {
        // Greedy two-pointer match with backtracking to the last '*': linear in practice, never exponential.
        int p = 0, t = 0, star = -1, resume = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || pattern[p] == text[t]))
            {
                p++;
                t++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                resume = t;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++resume;
            }
            else
            {
                return false;
            }
        }
        while (p < pattern.Length && pattern[p] == '*')
            p++;
        return p == pattern.Length;
    }
}
