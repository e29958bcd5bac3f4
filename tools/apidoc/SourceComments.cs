using Google.Protobuf.Reflection;

namespace RelicSecurity.ApiDoc;

/// <summary>
/// The comments of one .proto file, found by descriptor path (field numbers of descriptor.proto,
/// e.g. [4, 0, 2, 1] = message 0, field 1).
/// </summary>
public sealed class SourceComments
{
    // descriptor.proto field numbers that make up the paths.
    public const int FilePackage = 2;
    public const int FileMessage = 4;
    public const int FileEnum = 5;
    public const int FileService = 6;
    public const int FileSyntax = 12;
    public const int MessageField = 2;
    public const int MessageNested = 3;
    public const int MessageEnum = 4;
    public const int EnumValue = 2;
    public const int ServiceMethod = 2;

    private readonly Dictionary<string, SourceCodeInfo.Types.Location> _byPath = new(StringComparer.Ordinal);

    public SourceComments(FileDescriptorProto file)
    {
        ArgumentNullException.ThrowIfNull(file);
        foreach (var location in file.SourceCodeInfo?.Location ?? [])
        {
            // The first location for a path is the declaration itself.
            _byPath.TryAdd(Key(location.Path), location);
        }
    }

    /// <summary>Leading comment, then trailing comment, of the declaration at <paramref name="path"/>.</summary>
    public string Of(IEnumerable<int> path)
    {
        if (!_byPath.TryGetValue(Key(path), out var location))
        {
            return "";
        }

        return string.Join('\n', new[] { location.LeadingComments, location.TrailingComments }
            .Where(comment => !string.IsNullOrWhiteSpace(comment))
            .Select(comment => comment.TrimEnd('\n')));
    }

    /// <summary>The file's own description: the comment above <c>syntax</c> or <c>package</c>, attached or detached.</summary>
    public string OfFile()
    {
        var parts = new List<string>();
        foreach (var path in new[] { new[] { FileSyntax }, new[] { FilePackage } })
        {
            if (_byPath.TryGetValue(Key(path), out var location))
            {
                parts.AddRange(location.LeadingDetachedComments.Select(comment => comment.TrimEnd('\n')));
                if (!string.IsNullOrWhiteSpace(location.LeadingComments))
                {
                    parts.Add(location.LeadingComments.TrimEnd('\n'));
                }
            }
        }

        return string.Join('\n', parts);
    }

    private static string Key(IEnumerable<int> path) => string.Join('.', path);
}
