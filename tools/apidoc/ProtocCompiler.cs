using System.Diagnostics;
using System.Reflection;
using Google.Protobuf.Reflection;

namespace RelicSecurity.ApiDoc;

/// <summary>
/// Compiles the contract with the protoc that Grpc.Tools pins, keeping source info: the generated C#
/// descriptors drop comments, and the comments are the reference's text.
/// </summary>
public static class ProtocCompiler
{
    public static FileDescriptorSet Compile(string protoRoot)
    {
        var root = Path.GetFullPath(protoRoot);
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"no .proto directory at {root}");
        }

        // Relative, '/'-separated and ordered: protoc names files by these paths and the output must not depend on the file system's order.
        var files = Directory.EnumerateFiles(root, "*.proto", SearchOption.AllDirectories)
            .Select(file => Path.GetRelativePath(root, file).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (files.Count == 0)
        {
            throw new InvalidDataException($"no .proto files under {root}");
        }

        var descriptorFile = Path.Combine(Path.GetTempPath(), $"apidoc-{Guid.NewGuid():N}.pb");
        try
        {
            var start = new ProcessStartInfo(Metadata("ProtocPath"))
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add($"--proto_path={root}");
            start.ArgumentList.Add($"--proto_path={Metadata("ProtobufIncludePath")}");
            start.ArgumentList.Add("--include_source_info");
            start.ArgumentList.Add($"--descriptor_set_out={descriptorFile}");
            foreach (var file in files)
            {
                start.ArgumentList.Add(file);
            }

            using var protoc = Process.Start(start) ?? throw new InvalidOperationException($"could not start {start.FileName}");
            var stderr = protoc.StandardError.ReadToEndAsync();
            protoc.StandardOutput.ReadToEnd();
            protoc.WaitForExit();
            if (protoc.ExitCode != 0)
            {
                throw new InvalidDataException($"protoc failed ({protoc.ExitCode}): {stderr.Result.Trim()}");
            }

            return FileDescriptorSet.Parser.ParseFrom(File.ReadAllBytes(descriptorFile));
        }
        finally
        {
            File.Delete(descriptorFile);
        }
    }

    private static string Metadata(string key) =>
        typeof(ProtocCompiler).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(attribute => attribute.Key == key)?.Value is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"apidoc was built without {key}; rebuild it so Grpc.Tools can resolve protoc");
}
