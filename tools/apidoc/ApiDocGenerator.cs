namespace RelicSecurity.ApiDoc;

/// <summary>Reads the contract and writes one page per package plus README.md, replacing what the folder held.</summary>
public static class ApiDocGenerator
{
    /// <summary>The pages by file name, without touching the disk.</summary>
    public static IReadOnlyDictionary<string, string> Render(string protoRoot)
    {
        var packages = ContractReader.Read(ProtocCompiler.Compile(protoRoot));
        var pages = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["README.md"] = IndexPage.Render(packages),
        };
        foreach (var package in packages)
        {
            pages[Markdown.FileName(package.Name)] = PackagePage.Render(package);
        }

        return pages;
    }

    public static IReadOnlyList<string> Generate(string protoRoot, string outDirectory)
    {
        var pages = Render(protoRoot);
        Directory.CreateDirectory(outDirectory);

        // A page of a package that no longer exists would otherwise linger and mislead.
        foreach (var stale in Directory.EnumerateFiles(outDirectory, "*.md").Where(file => !pages.ContainsKey(Path.GetFileName(file))))
        {
            File.Delete(stale);
        }

        var written = new List<string>();
        foreach (var (name, text) in pages)
        {
            var path = Path.Combine(outDirectory, name);
            File.WriteAllText(path, text);
            written.Add(path);
        }

        return written;
    }
}
