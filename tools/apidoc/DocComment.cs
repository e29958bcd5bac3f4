using System.Text.RegularExpressions;

namespace RelicSecurity.ApiDoc;

/// <summary>One error a method declares: the gRPC status code name and when it is returned.</summary>
public sealed record DeclaredError(string Code, string When);

/// <summary>
/// A declaration's comment split into prose and declared errors. The contract's convention: a line
/// <c>Error CODE: when it happens</c> in a method's leading comment declares that the method returns
/// status CODE in that case; every other line is prose.
/// </summary>
public sealed partial record DocComment(string Text, IReadOnlyList<DeclaredError> Errors)
{
    public static readonly DocComment Empty = new("", []);

    /// <summary>The canonical gRPC status code names (grpc/doc/statuscodes.md).</summary>
    public static readonly IReadOnlySet<string> StatusCodes = new HashSet<string>(StringComparer.Ordinal)
    {
        "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND", "ALREADY_EXISTS",
        "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE",
        "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED",
    };

    /// <param name="raw">protoc's comment text: lines with their leading space, '\n' separated.</param>
    /// <param name="where">Names the declaration in error messages.</param>
    public static DocComment Parse(string raw, string where)
    {
        var prose = new List<string>();
        var errors = new List<DeclaredError>();
        foreach (var line in raw.Split('\n').Select(line => line.TrimEnd()))
        {
            var text = line.StartsWith(' ') ? line[1..] : line;
            var error = ErrorLine().Match(text);
            if (!error.Success)
            {
                prose.Add(text);
                continue;
            }

            var code = error.Groups["code"].Value;
            if (!StatusCodes.Contains(code))
            {
                throw new InvalidDataException($"{where}: \"Error {code}\" is not a gRPC status code name");
            }

            if (errors.Any(existing => existing.Code == code))
            {
                throw new InvalidDataException($"{where}: Error {code} is declared twice; say both cases on one line");
            }

            errors.Add(new DeclaredError(code, error.Groups["when"].Value.Trim()));
        }

        return new DocComment(string.Join('\n', prose).Trim('\n', ' '), errors);
    }

    /// <summary>The prose on one line, for table cells.</summary>
    public string SingleLine => string.Join(' ', Text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    [GeneratedRegex(@"^Error (?<code>[A-Z_]+):(?<when>.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex ErrorLine();
}
