namespace RelicSecurity.ApiDoc;

/// <summary>
/// <c>apidoc [--protos DIR] [--out DIR]</c>: regenerates the API reference. Both paths default to their
/// place in the repository found above the working directory, so the documented command needs no arguments.
/// </summary>
public static class ApiDocCommand
{
    /// <summary>The command the docs sync test prints when docs/api is stale.</summary>
    public const string RegenerateCommand = "dotnet run --project tools/apidoc -c Release";

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);

        string? protos = null;
        string? outDirectory = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--protos" when i + 1 < args.Length:
                    protos = args[++i];
                    break;
                case "--out" when i + 1 < args.Length:
                    outDirectory = args[++i];
                    break;
                default:
                    error.WriteLine($"unknown argument \"{args[i]}\"; usage: apidoc [--protos DIR] [--out DIR]");
                    return 2;
            }
        }

        try
        {
            var layout = RepositoryPaths.Above(Directory.GetCurrentDirectory());
            var written = ApiDocGenerator.Generate(protos ?? layout.Protos, outDirectory ?? layout.ApiDocs);
            output.WriteLine($"wrote {written.Count} file(s) to {outDirectory ?? layout.ApiDocs}");
            return 0;
        }
        catch (Exception ex) when (ex is InvalidDataException or DirectoryNotFoundException or InvalidOperationException)
        {
            error.WriteLine($"apidoc: {ex.Message}");
            return 1;
        }
    }
}
