using System.CommandLine;
using System.CommandLine.Parsing;

namespace Lgc.Cli;

/// <summary>Command-line mistakes as one line. An unknown option lands among the inputs (System.CommandLine takes
/// any token for a file name), so it is named as an unknown option, with the nearest real one, before anything
/// complains that its "input" is missing.</summary>
static class ParseErrors
{
    /// <summary>The line to print, or null when the command line is fine.</summary>
    public static string? Describe(ParseResult parsed)
    {
        if (UnknownOption(parsed) is string unknown) return unknown;
        if (parsed.Errors.Count == 0) return null;
        string help = parsed.CommandResult.Command is RootCommand ? "lgc --help" : $"lgc {parsed.CommandResult.Command.Name} --help";
        return $"{parsed.Errors[0].Message.ReplaceLineEndings(" ").TrimEnd('.', ' ')} (see {help})";
    }

    static string? UnknownOption(ParseResult parsed)
    {
        var command = parsed.CommandResult.Command;
        // Tokens after `--` are file names by the user's say, whatever they look like.
        int end = parsed.Tokens.ToList().FindIndex(t => t.Type == TokenType.DoubleDash);
        var beforeDash = end < 0 ? parsed.Tokens : parsed.Tokens.Take(end);
        var arguments = new HashSet<Token>(parsed.CommandResult.Children.OfType<ArgumentResult>().SelectMany(a => a.Tokens), ReferenceEqualityComparer.Instance);
        foreach (var t in beforeDash)
        {
            bool stray = arguments.Contains(t) || (t.Type == TokenType.Argument && parsed.UnmatchedTokens.Contains(t.Value));
            if (!stray || !LooksLikeOption(t.Value) || File.Exists(t.Value) || Directory.Exists(t.Value)) continue;
            string name = t.Value.Split('=', 2)[0];
            string? near = Nearest(name, OptionNames(parsed));
            return near is null ? $"unknown option {name} (see lgc {command.Name} --help)" : $"unknown option {name}; did you mean {near}?";
        }
        return null;
    }

    /// <summary>"-x", "--x"; not "-" (stdin/stdout) and not a negative number.</summary>
    static bool LooksLikeOption(string s) => s.Length > 1 && s[0] == '-' && !double.TryParse(s, System.Globalization.CultureInfo.InvariantCulture, out _);

    static IEnumerable<string> OptionNames(ParseResult parsed)
    {
        var options = new List<Option>(parsed.CommandResult.Command.Options);
        for (var c = parsed.CommandResult.Parent as CommandResult; c != null; c = c.Parent as CommandResult)
            options.AddRange(c.Command.Options.Where(o => o.Recursive));
        return options.SelectMany(o => o.Aliases.Prepend(o.Name));
    }

    /// <summary>The closest name within a couple of edits (a swap counts as one), or null.</summary>
    public static string? Nearest(string typed, IEnumerable<string> names)
    {
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (var n in names.Distinct())
        {
            int d = Distance(typed, n);
            if (d < bestDistance) (best, bestDistance) = (n, d);
        }
        return bestDistance <= Math.Max(2, typed.Length / 4) ? best : null;
    }

    /// <summary>Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps.</summary>
    static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (int j = 0; j <= b.Length; j++) d[0, j] = j;
        for (int i = 1; i <= a.Length; i++)
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        return d[a.Length, b.Length];
    }
}
