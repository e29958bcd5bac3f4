using Google.Protobuf;
using Google.Protobuf.Reflection;
using RelicSecurity.Grpc.Server;

namespace RelicSecurity.Grpc.Reflection;

/// <summary>
/// Files, symbols and extensions reachable from the mapped services' protoc descriptors, built on first
/// use (after all services are mapped) and rebuilt if services are added later.
/// </summary>
internal sealed class ReflectionIndex(GrpcServiceRegistry registry)
{
    private readonly Lock _lock = new();
    private Snapshot? _snapshot;

    public Snapshot Current
    {
        get
        {
            var services = registry.Services;
            lock (_lock)
            {
                if (_snapshot is null || _snapshot.ServiceCount != services.Count)
                {
                    _snapshot = new Snapshot(services);
                }

                return _snapshot;
            }
        }
    }

    internal sealed class Snapshot
    {
        private readonly Dictionary<string, FileDescriptor> _files = new(StringComparer.Ordinal);
        private readonly Dictionary<string, FileDescriptor> _symbols = new(StringComparer.Ordinal);
        private readonly Dictionary<string, Dictionary<int, FileDescriptor>> _extensions = new(StringComparer.Ordinal);

        public Snapshot(IReadOnlyList<ServiceDescriptor> services)
        {
            ServiceCount = services.Count;
            ServiceNames = services.Select(s => s.FullName).Order(StringComparer.Ordinal).ToList();
            foreach (var service in services)
            {
                AddFile(service.File);
            }
        }

        public int ServiceCount { get; }

        public IReadOnlyList<string> ServiceNames { get; }

        public FileDescriptor? FileByName(string name) => _files.GetValueOrDefault(name);

        public FileDescriptor? FileContainingSymbol(string symbol)
        {
            if (_symbols.TryGetValue(symbol, out var file))
            {
                return file;
            }

            // "pkg.Service.Method" or "pkg.Message.field": look the parent up.
            var dot = symbol.LastIndexOf('.');
            return dot > 0 && _symbols.TryGetValue(symbol[..dot], out file) ? file : null;
        }

        public FileDescriptor? FileContainingExtension(string type, int number) =>
            _extensions.TryGetValue(type, out var numbers) ? numbers.GetValueOrDefault(number) : null;

        public IReadOnlyList<int>? ExtensionNumbers(string type)
        {
            if (_extensions.TryGetValue(type, out var numbers))
            {
                return numbers.Keys.Order().ToList();
            }

            return _symbols.ContainsKey(type) ? [] : null;
        }

        /// <summary>The file and everything it imports, transitively, each once, as serialized FileDescriptorProtos.</summary>
        public static IEnumerable<ByteString> WithDependencies(FileDescriptor file)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var stack = new Stack<FileDescriptor>();
            stack.Push(file);
            while (stack.Count > 0)
            {
                var next = stack.Pop();
                if (!seen.Add(next.Name))
                {
                    continue;
                }

                yield return next.SerializedData;
                foreach (var dependency in next.Dependencies)
                {
                    stack.Push(dependency);
                }
            }
        }

        private void AddFile(FileDescriptor file)
        {
            if (!_files.TryAdd(file.Name, file))
            {
                return;
            }

            foreach (var dependency in file.Dependencies)
            {
                AddFile(dependency);
            }

            foreach (var service in file.Services)
            {
                _symbols.TryAdd(service.FullName, file);
                foreach (var method in service.Methods)
                {
                    _symbols.TryAdd(method.FullName, file);
                }
            }

            foreach (var message in file.MessageTypes)
            {
                AddMessage(message, file);
            }

            foreach (var enumType in file.EnumTypes)
            {
                _symbols.TryAdd(enumType.FullName, file);
            }

            foreach (var extension in file.Extensions.UnorderedExtensions)
            {
                AddExtension(extension, file);
            }
        }

        private void AddMessage(MessageDescriptor message, FileDescriptor file)
        {
            _symbols.TryAdd(message.FullName, file);
            foreach (var nested in message.NestedTypes)
            {
                AddMessage(nested, file);
            }

            foreach (var enumType in message.EnumTypes)
            {
                _symbols.TryAdd(enumType.FullName, file);
            }

            foreach (var extension in message.Extensions.UnorderedExtensions)
            {
                AddExtension(extension, file);
            }
        }

        private void AddExtension(FieldDescriptor extension, FileDescriptor file)
        {
            var extendee = extension.ExtendeeType.FullName;
            if (!_extensions.TryGetValue(extendee, out var numbers))
            {
                _extensions[extendee] = numbers = [];
            }

            numbers.TryAdd(extension.FieldNumber, file);
        }
    }
}
