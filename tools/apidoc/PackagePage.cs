using System.Text;

namespace RelicSecurity.ApiDoc;

/// <summary>The reference page of one package: services with their methods and errors, messages, enums.</summary>
public static class PackagePage
{
    public static string Render(ApiPackage package)
    {
        ArgumentNullException.ThrowIfNull(package);
        var page = new StringBuilder();
        page.Append(Markdown.Banner).Append("\n\n");
        page.Append($"# {package.Name}\n\n");
        if (package.Description.Length > 0)
        {
            page.Append(package.Description).Append("\n\n");
        }

        page.Append($"Proto files: {string.Join(", ", package.Files.Select(file => $"`{file}`"))}. ");
        page.Append($"C# namespace: `{package.CsharpNamespace}`. [All packages](README.md).\n\n");

        if (package.Services.Count > 0)
        {
            page.Append("## Services\n\n");
            foreach (var service in package.Services)
            {
                RenderService(page, service, package.Name);
            }
        }

        if (package.Messages.Count > 0)
        {
            page.Append("## Messages\n\n");
            foreach (var message in package.Messages)
            {
                RenderMessage(page, message, package.Name);
            }
        }

        if (package.Enums.Count > 0)
        {
            page.Append("## Enums\n\n");
            foreach (var enumType in package.Enums)
            {
                RenderEnum(page, enumType);
            }
        }

        return page.ToString().TrimEnd('\n') + "\n";
    }

    private static void RenderService(StringBuilder page, ApiService service, string package)
    {
        page.Append($"### {service.Name}\n\n");
        page.Append($"`{package}.{service.Name}`\n\n");
        AppendProse(page, service.Doc);
        page.Append("| Method | Request | Response | Kind |\n|---|---|---|---|\n");
        foreach (var method in service.Methods)
        {
            page.Append($"| [{method.Name}](#{Markdown.Anchor(method.Name)}) | {Markdown.Type(method.RequestType, package)} | {Markdown.Type(method.ResponseType, package)} | {method.Kind} |\n");
        }

        page.Append('\n');
        foreach (var method in service.Methods)
        {
            RenderMethod(page, method, package);
        }
    }

    private static void RenderMethod(StringBuilder page, ApiMethod method, string package)
    {
        page.Append($"#### {method.Name}\n\n");
        var request = (method.ClientStreaming ? "stream " : "") + Markdown.ShortName(method.RequestType, package);
        var response = (method.ServerStreaming ? "stream " : "") + Markdown.ShortName(method.ResponseType, package);
        page.Append($"`rpc {method.Name}({request}) returns ({response})` ({method.Kind})\n\n");
        AppendProse(page, method.Doc);
        if (method.Doc.Errors.Count > 0)
        {
            page.Append("| Error | When |\n|---|---|\n");
            foreach (var error in method.Doc.Errors)
            {
                page.Append($"| `{error.Code}` | {Markdown.Cell(error.When)} |\n");
            }

            page.Append('\n');
        }

        page.Append("Besides these, the [errors every method can return](README.md#errors-every-method-can-return).\n\n");
    }

    private static void RenderMessage(StringBuilder page, ApiMessage message, string package)
    {
        page.Append($"### {message.Name}\n\n");
        AppendProse(page, message.Doc);
        if (message.Fields.Count == 0)
        {
            page.Append("No fields.\n\n");
            return;
        }

        page.Append("| Field | Number | Type | Description |\n|---|---|---|---|\n");
        foreach (var field in message.Fields)
        {
            var type = Markdown.Type(field.Type, package);
            if (field.MapKey is not null)
            {
                type = field.Type.StartsWith('.')
                    ? $"map&lt;{Markdown.Type(field.MapKey, package)}, {type}&gt;"
                    : $"`map<{field.MapKey}, {field.Type}>`";
            }
            else if (field.Repeated)
            {
                type = "repeated " + type;
            }
            else if (field.ExplicitOptional)
            {
                type = "optional " + type;
            }

            page.Append($"| `{field.Name}` | {field.Number} | {type} | {Markdown.Cell(field.Doc.SingleLine)} |\n");
        }

        page.Append('\n');
    }

    private static void RenderEnum(StringBuilder page, ApiEnum enumType)
    {
        page.Append($"### {enumType.Name}\n\n");
        AppendProse(page, enumType.Doc);
        page.Append("| Value | Number | Description |\n|---|---|---|\n");
        foreach (var value in enumType.Values)
        {
            var doc = value.Number == 0 && value.Doc.Text.Length == 0 ? "Not set." : value.Doc.SingleLine;
            page.Append($"| `{value.Name}` | {value.Number} | {Markdown.Cell(doc)} |\n");
        }

        page.Append('\n');
    }

    private static void AppendProse(StringBuilder page, DocComment doc)
    {
        if (doc.Text.Length > 0)
        {
            page.Append(doc.Text).Append("\n\n");
        }
    }
}
