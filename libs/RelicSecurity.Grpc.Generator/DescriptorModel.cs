using System;
using System.Collections.Generic;

namespace RelicSecurity.Grpc.Generator;

internal sealed class ProtoFile
{
    public string Name { get; set; } = "";
    public string Package { get; set; } = "";
    public string? CSharpNamespace { get; set; }
    public List<ProtoMessage> Messages { get; } = new();
    public List<ProtoService> Services { get; } = new();
}

internal sealed class ProtoMessage
{
    public string Name { get; set; } = "";
    public List<ProtoMessage> Nested { get; } = new();
}

internal sealed class ProtoService
{
    public string Name { get; set; } = "";
    public List<ProtoMethod> Methods { get; } = new();
}

internal sealed class ProtoMethod
{
    public string Name { get; set; } = "";
    public string InputType { get; set; } = "";
    public string OutputType { get; set; } = "";
    public bool ClientStreaming { get; set; }
    public bool ServerStreaming { get; set; }
}

/// <summary>Reads the parts of descriptor.proto's FileDescriptorSet that code generation needs.</summary>
internal static class DescriptorSetParser
{
    public static List<ProtoFile> Parse(byte[] data)
    {
        var files = new List<ProtoFile>();
        var reader = new ProtoReader(data, 0, data.Length);
        while (reader.TryReadTag(out var field, out var wire))
        {
            if (field == 1 && wire == 2)
            {
                files.Add(ReadFile(reader.ReadNested()));
            }
            else
            {
                reader.Skip(wire);
            }
        }

        return files;
    }

    private static ProtoFile ReadFile(ProtoReader reader)
    {
        var file = new ProtoFile();
        while (reader.TryReadTag(out var field, out var wire))
        {
            switch (field)
            {
                case 1 when wire == 2:
                    file.Name = reader.ReadString();
                    break;
                case 2 when wire == 2:
                    file.Package = reader.ReadString();
                    break;
                case 4 when wire == 2:
                    file.Messages.Add(ReadMessage(reader.ReadNested()));
                    break;
                case 6 when wire == 2:
                    file.Services.Add(ReadService(reader.ReadNested()));
                    break;
                case 8 when wire == 2:
                    file.CSharpNamespace = ReadCSharpNamespace(reader.ReadNested());
                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }

        return file;
    }

    private static string? ReadCSharpNamespace(ProtoReader reader)
    {
        string? result = null;
        while (reader.TryReadTag(out var field, out var wire))
        {
            if (field == 37 && wire == 2)
            {
                result = reader.ReadString();
            }
            else
            {
                reader.Skip(wire);
            }
        }

        return result;
    }

    private static ProtoMessage ReadMessage(ProtoReader reader)
    {
        var message = new ProtoMessage();
        while (reader.TryReadTag(out var field, out var wire))
        {
            switch (field)
            {
                case 1 when wire == 2:
                    message.Name = reader.ReadString();
                    break;
                case 3 when wire == 2:
                    message.Nested.Add(ReadMessage(reader.ReadNested()));
                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }

        return message;
    }

    private static ProtoService ReadService(ProtoReader reader)
    {
        var service = new ProtoService();
        while (reader.TryReadTag(out var field, out var wire))
        {
            switch (field)
            {
                case 1 when wire == 2:
                    service.Name = reader.ReadString();
                    break;
                case 2 when wire == 2:
                    service.Methods.Add(ReadMethod(reader.ReadNested()));
                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }

        return service;
    }

    private static ProtoMethod ReadMethod(ProtoReader reader)
    {
        var method = new ProtoMethod();
        while (reader.TryReadTag(out var field, out var wire))
        {
            switch (field)
            {
                case 1 when wire == 2:
                    method.Name = reader.ReadString();
                    break;
                case 2 when wire == 2:
                    method.InputType = reader.ReadString();
                    break;
                case 3 when wire == 2:
                    method.OutputType = reader.ReadString();
                    break;
                case 5 when wire == 0:
                    method.ClientStreaming = reader.ReadBool();
                    break;
                case 6 when wire == 0:
                    method.ServerStreaming = reader.ReadBool();
                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }

        return method;
    }
}

/// <summary>The C# names protoc's csharp generator (protobuf 3.21, shipped in Grpc.Tools 2.50.0) gives to descriptors.</summary>
internal static class CSharpNames
{
    public static string Namespace(ProtoFile file) =>
        file.CSharpNamespace ?? UnderscoresToCamelCase(file.Package, capNextLetter: true, preservePeriod: true);

    public static string ReflectionClass(ProtoFile file)
    {
        var name = file.Name;
        var slash = name.LastIndexOf('/');
        var baseName = slash >= 0 ? name.Substring(slash + 1) : name;
        if (baseName.EndsWith(".protodevel", StringComparison.Ordinal))
        {
            baseName = baseName.Substring(0, baseName.Length - ".protodevel".Length);
        }
        else if (baseName.EndsWith(".proto", StringComparison.Ordinal))
        {
            baseName = baseName.Substring(0, baseName.Length - ".proto".Length);
        }

        return UnderscoresToCamelCase(baseName, capNextLetter: true, preservePeriod: false) + "Reflection";
    }

    /// <summary>Maps ".pkg.Outer.Inner" to "global::Ns.Outer.Types.Inner" for every message in the set.</summary>
    public static Dictionary<string, string> MessageTypes(IEnumerable<ProtoFile> files)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var protoPrefix = file.Package.Length == 0 ? "." : "." + file.Package + ".";
            var ns = Namespace(file);
            var csPrefix = ns.Length == 0 ? "global::" : "global::" + ns + ".";
            foreach (var message in file.Messages)
            {
                AddMessage(map, message, protoPrefix, csPrefix);
            }
        }

        return map;
    }

    private static void AddMessage(Dictionary<string, string> map, ProtoMessage message, string protoPrefix, string csPrefix)
    {
        var protoName = protoPrefix + message.Name;
        var csName = csPrefix + message.Name;
        map[protoName] = csName;
        foreach (var nested in message.Nested)
        {
            AddMessage(map, nested, protoName + ".", csName + ".Types.");
        }
    }

    public static string UnderscoresToCamelCase(string input, bool capNextLetter, bool preservePeriod)
    {
        var result = new System.Text.StringBuilder(input.Length);
        for (var i = 0; i < input.Length; i++)
        {
            var c = input[i];
            if (c >= 'a' && c <= 'z')
            {
                result.Append(capNextLetter ? (char)(c - 'a' + 'A') : c);
                capNextLetter = false;
            }
            else if (c >= 'A' && c <= 'Z')
            {
                result.Append(i == 0 && !capNextLetter ? (char)(c - 'A' + 'a') : c);
                capNextLetter = false;
            }
            else if (c >= '0' && c <= '9')
            {
                result.Append(c);
                capNextLetter = true;
            }
            else
            {
                capNextLetter = true;
                if (c == '.' && preservePeriod)
                {
                    result.Append('.');
                }
            }
        }

        if (input.Length > 0 && input[input.Length - 1] == '#')
        {
            result.Append('_');
        }

        return result.ToString();
    }
}
