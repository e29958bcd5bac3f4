using Google.Protobuf.Reflection;

namespace RelicSecurity.ApiDoc;

/// <summary>Turns protoc's descriptor set (with source info) into the reference's packages.</summary>
public static class ContractReader
{
    public static IReadOnlyList<ApiPackage> Read(FileDescriptorSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        var mapEntries = set.File
            .SelectMany(file => AllMessages(file.MessageType, "." + file.Package))
            .Where(entry => entry.Message.Options?.MapEntry == true)
            .ToDictionary(entry => entry.FullName, entry => entry.Message, StringComparer.Ordinal);

        return [.. set.File
            .GroupBy(file => file.Package, StringComparer.Ordinal)
            .OrderBy(group => group.Key, StringComparer.Ordinal)
            .Select(group => ReadPackage(group.Key, [.. group], mapEntries))];
    }

    private static ApiPackage ReadPackage(string name, IReadOnlyList<FileDescriptorProto> files, IReadOnlyDictionary<string, DescriptorProto> mapEntries)
    {
        var services = new List<ApiService>();
        var messages = new List<ApiMessage>();
        var enums = new List<ApiEnum>();
        foreach (var file in files)
        {
            var comments = new SourceComments(file);
            for (var s = 0; s < file.Service.Count; s++)
            {
                services.Add(ReadService(file.Service[s], [SourceComments.FileService, s], comments, $"{file.Name}: {file.Service[s].Name}"));
            }

            for (var m = 0; m < file.MessageType.Count; m++)
            {
                ReadMessage(file.MessageType[m], "", [SourceComments.FileMessage, m], comments, file.Name, messages, enums, mapEntries);
            }

            for (var e = 0; e < file.EnumType.Count; e++)
            {
                enums.Add(ReadEnum(file.EnumType[e], "", [SourceComments.FileEnum, e], comments, file.Name));
            }
        }

        var description = string.Join("\n\n", files
            .Select(file => DocComment.Parse(new SourceComments(file).OfFile(), file.Name).Text)
            .Where(text => text.Length > 0));
        var csharpNamespace = files.Select(file => file.Options?.CsharpNamespace).FirstOrDefault(ns => !string.IsNullOrEmpty(ns)) ?? "";
        return new ApiPackage(name, csharpNamespace, [.. files.Select(file => file.Name)], description, services, messages, enums);
    }

    private static ApiService ReadService(ServiceDescriptorProto service, int[] path, SourceComments comments, string where)
    {
        var methods = service.Method.Select((method, index) => new ApiMethod(
            method.Name,
            method.InputType,
            method.OutputType,
            method.ClientStreaming,
            method.ServerStreaming,
            DocComment.Parse(comments.Of([.. path, SourceComments.ServiceMethod, index]), $"{where}.{method.Name}")));
        return new ApiService(service.Name, DocComment.Parse(comments.Of(path), where), [.. methods]);
    }

    private static void ReadMessage(
        DescriptorProto message, string outer, int[] path, SourceComments comments, string file,
        List<ApiMessage> messages, List<ApiEnum> enums, IReadOnlyDictionary<string, DescriptorProto> mapEntries)
    {
        if (message.Options?.MapEntry == true)
        {
            return; // Shown as map<key, value> on the field that uses it.
        }

        var name = outer.Length == 0 ? message.Name : $"{outer}.{message.Name}";
        var fields = message.Field.Select((field, index) =>
        {
            var doc = DocComment.Parse(comments.Of([.. path, SourceComments.MessageField, index]), $"{file}: {name}.{field.Name}");
            var repeated = field.Label == FieldDescriptorProto.Types.Label.Repeated;
            if (repeated && field.Type == FieldDescriptorProto.Types.Type.Message && mapEntries.TryGetValue(field.TypeName, out var entry))
            {
                return new ApiField(field.Name, field.Number, TypeOf(entry.Field[1]), false, TypeOf(entry.Field[0]), false, doc);
            }

            return new ApiField(field.Name, field.Number, TypeOf(field), repeated, null, field.Proto3Optional, doc);
        });
        messages.Add(new ApiMessage(name, DocComment.Parse(comments.Of(path), $"{file}: {name}"), [.. fields]));

        for (var n = 0; n < message.NestedType.Count; n++)
        {
            ReadMessage(message.NestedType[n], name, [.. path, SourceComments.MessageNested, n], comments, file, messages, enums, mapEntries);
        }

        for (var e = 0; e < message.EnumType.Count; e++)
        {
            enums.Add(ReadEnum(message.EnumType[e], name, [.. path, SourceComments.MessageEnum, e], comments, file));
        }
    }

    private static ApiEnum ReadEnum(EnumDescriptorProto enumType, string outer, int[] path, SourceComments comments, string file)
    {
        var name = outer.Length == 0 ? enumType.Name : $"{outer}.{enumType.Name}";
        var values = enumType.Value.Select((value, index) => new ApiEnumValue(
            value.Name,
            value.Number,
            DocComment.Parse(comments.Of([.. path, SourceComments.EnumValue, index]), $"{file}: {name}.{value.Name}")));
        return new ApiEnum(name, DocComment.Parse(comments.Of(path), $"{file}: {name}"), [.. values]);
    }

    private static string TypeOf(FieldDescriptorProto field) => field.Type switch
    {
        FieldDescriptorProto.Types.Type.Message or FieldDescriptorProto.Types.Type.Enum => field.TypeName,
        var scalar => scalar.ToString().ToLowerInvariant(),
    };

    private static IEnumerable<(string FullName, DescriptorProto Message)> AllMessages(IEnumerable<DescriptorProto> messages, string scope)
    {
        foreach (var message in messages)
        {
            var fullName = $"{scope}.{message.Name}";
            yield return (fullName, message);
            foreach (var nested in AllMessages(message.NestedType, fullName))
            {
                yield return nested;
            }
        }
    }
}
