using System.Text;

namespace RelicSecurity.ApiDoc;

/// <summary>docs/api/README.md: the packages, every service and method at a glance, and the errors all methods share.</summary>
public static class IndexPage
{
    /// <summary>Statuses any call can end with, whatever the method: said once here instead of on every method.</summary>
    public static readonly IReadOnlyList<DeclaredError> CommonErrors =
    [
        new("UNAUTHENTICATED", "The call carries no `authorization: Bearer <JWT>`, or the token is invalid or expired."),
        new("PERMISSION_DENIED", "The caller's role or scopes do not allow the method (e.g. `sites.write` for a write, the national role for national-only methods)."),
        new("UNAVAILABLE", "The service, or one it depends on, cannot be reached or is shutting down. Safe to retry with backoff; writes that take a `request_id` are safe to repeat with the same one."),
        new("DEADLINE_EXCEEDED", "The caller's deadline passed before the answer. A write may or may not have happened: repeat it with the same `request_id`, or re-read."),
        new("CANCELLED", "The caller cancelled the call (the normal end of a watch stream)."),
        new("INTERNAL", "An unexpected server fault; the server logs it. Report it if it repeats."),
    ];

    public static string Render(IReadOnlyList<ApiPackage> packages)
    {
        ArgumentNullException.ThrowIfNull(packages);
        var page = new StringBuilder();
        page.Append(Markdown.Banner).Append("\n\n");
        page.Append("# RelicSecurity API reference\n\n");
        page.Append("The suite's public gRPC contract for integrators, generated from the `.proto` files in ");
        page.Append("`libs/RelicSecurity.Contracts/Protos` and their comments. Every call goes to the gateway ");
        page.Append("(local default `127.0.0.1:7100`, HTTP/2) with `authorization: Bearer <JWT>`; ");
        page.Append("`grpc.health.v1.Health` and server reflection need no token.\n\n");

        page.Append("## Packages\n\n| Package | Services | Proto files |\n|---|---|---|\n");
        foreach (var package in packages)
        {
            var services = package.Services.Count == 0 ? "(messages only)" : string.Join(", ", package.Services.Select(service => service.Name));
            page.Append($"| [{package.Name}]({Markdown.FileName(package.Name)}) | {services} | {string.Join(", ", package.Files.Select(file => $"`{file}`"))} |\n");
        }

        page.Append("\n## Methods\n\n| Method | Kind | Errors it declares | Summary |\n|---|---|---|---|\n");
        foreach (var package in packages)
        {
            foreach (var service in package.Services)
            {
                foreach (var method in service.Methods)
                {
                    var link = $"[{package.Name}.{service.Name}/{method.Name}]({Markdown.FileName(package.Name)}#{Markdown.Anchor(method.Name)})";
                    var errors = string.Join(", ", method.Doc.Errors.Select(error => error.Code));
                    var summary = method.Doc.SingleLine;
                    var firstSentence = summary.IndexOf(". ", StringComparison.Ordinal);
                    page.Append($"| {link} | {method.Kind} | {errors} | {Markdown.Cell(firstSentence < 0 ? summary : summary[..(firstSentence + 1)])} |\n");
                }
            }
        }

        page.Append("\n## Errors every method can return\n\n");
        page.Append("Failures come back as a gRPC status code with a message for people. Each method's page lists ");
        page.Append("the statuses that belong to it; these can come from any method:\n\n");
        page.Append("| Error | When |\n|---|---|\n");
        foreach (var error in CommonErrors)
        {
            page.Append($"| `{error.Code}` | {Markdown.Cell(error.When)} |\n");
        }

        page.Append("\nAn `INVALID_ARGUMENT` message names every bad field (`site.name: is required; site.latitude: 91 is outside -90..90`). ");
        page.Append("A record outside the caller's reach is never returned: it is `NOT_FOUND` (or `PERMISSION_DENIED` for a write into another province).\n\n");

        page.Append("## How this reference is made\n\n");
        page.Append($"`{ApiDocCommand.RegenerateCommand}` compiles the `.proto` files with the protoc that Grpc.Tools pins ");
        page.Append("(keeping comments) and rewrites this folder. A test fails when the committed pages differ from what the ");
        page.Append("`.proto` files produce. A method declares its errors in its leading comment, one line each:\n\n");
        page.Append("```proto\n// Error NOT_FOUND: the site does not exist or is outside the caller's reach.\n```\n");
        return page.ToString();
    }
}
