using RelicSecurity.ApiDoc;
using Shouldly;
using Xunit;

namespace RelicSecurity.ApiDoc.Tests;

/// <summary>docs/api is what the .proto files produce: a contract change without regenerating fails here.</summary>
public sealed class ApiReferenceSyncTests : IDisposable
{
    private readonly RepositoryPaths _repository = RepositoryPaths.Above(AppContext.BaseDirectory);
    private readonly string _scratch = Directory.CreateTempSubdirectory("apidoc-test-").FullName;

    [Fact]
    public void The_committed_reference_is_what_the_protos_generate()
    {
        var regenerated = Path.Combine(_scratch, "api");
        ApiDocGenerator.Generate(_repository.Protos, regenerated);

        var stale = Differences(regenerated, _repository.ApiDocs);

        stale.ShouldBeEmpty(
            $"docs/api is out of date with libs/RelicSecurity.Contracts/Protos ({string.Join(", ", stale)}). " +
            $"Regenerate it from the repository root with `{ApiDocCommand.RegenerateCommand}` and commit docs/api.");
    }

    [Fact]
    public void A_proto_edited_without_regenerating_is_detected()
    {
        var protos = Path.Combine(_scratch, "Protos");
        CopyDirectory(_repository.Protos, protos);
        var sites = Path.Combine(protos, "sites", "v1", "sites.proto");
        File.WriteAllText(sites, File.ReadAllText(sites).Replace(
            "message GetSiteRequest {\n  string site_id = 1;",
            "message GetSiteRequest {\n  string site_id = 1;\n  // Added without regenerating.\n  bool include_history = 2;",
            StringComparison.Ordinal));
        var regenerated = Path.Combine(_scratch, "api");

        ApiDocGenerator.Generate(protos, regenerated);

        Differences(regenerated, _repository.ApiDocs).ShouldBe(["relic.sites.v1.md"]);
        File.ReadAllText(Path.Combine(regenerated, "relic.sites.v1.md")).ShouldContain("| `include_history` | 2 | `bool` | Added without regenerating. |");
    }

    [Fact]
    public void Every_method_of_the_contract_declares_its_errors()
    {
        var packages = ContractReader.Read(ProtocCompiler.Compile(_repository.Protos));

        var undeclared = packages
            .SelectMany(package => package.Services.SelectMany(service => service.Methods
                .Where(method => method.Doc.Errors.Count == 0)
                .Select(method => $"{package.Name}.{service.Name}/{method.Name}")))
            .ToList();

        undeclared.ShouldBeEmpty("each rpc's leading comment needs at least one `// Error CODE: when` line");
    }

    [Fact]
    public void Every_field_and_enum_value_appears_on_its_package_page()
    {
        var packages = ContractReader.Read(ProtocCompiler.Compile(_repository.Protos));
        var pages = ApiDocGenerator.Render(_repository.Protos);

        foreach (var package in packages)
        {
            var page = pages[Markdown.FileName(package.Name)];
            foreach (var message in package.Messages)
            {
                page.ShouldContain($"### {message.Name}\n");
                foreach (var field in message.Fields)
                {
                    page.ShouldContain($"| `{field.Name}` | {field.Number} |");
                }
            }

            foreach (var value in package.Enums.SelectMany(enumType => enumType.Values))
            {
                page.ShouldContain($"| `{value.Name}` | {value.Number} |");
            }
        }
    }

    private static List<string> Differences(string expectedDirectory, string actualDirectory)
    {
        var expected = Directory.EnumerateFiles(expectedDirectory).Select(Path.GetFileName).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var actual = Directory.Exists(actualDirectory)
            ? Directory.EnumerateFiles(actualDirectory).Select(Path.GetFileName).OfType<string>().ToHashSet(StringComparer.Ordinal)
            : [];
        return [.. expected.Union(actual)
            .Where(name => !expected.Contains(name) || !actual.Contains(name)
                || File.ReadAllText(Path.Combine(expectedDirectory, name)).ReplaceLineEndings("\n")
                   != File.ReadAllText(Path.Combine(actualDirectory, name)).ReplaceLineEndings("\n"))
            .Order(StringComparer.Ordinal)];
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    public void Dispose() => Directory.Delete(_scratch, recursive: true);
}
