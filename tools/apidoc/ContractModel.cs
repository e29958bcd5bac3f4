namespace RelicSecurity.ApiDoc;

/// <summary>One protobuf package of the contract, as the reference presents it.</summary>
public sealed record ApiPackage(
    string Name,
    string CsharpNamespace,
    IReadOnlyList<string> Files,
    string Description,
    IReadOnlyList<ApiService> Services,
    IReadOnlyList<ApiMessage> Messages,
    IReadOnlyList<ApiEnum> Enums);

public sealed record ApiService(string Name, DocComment Doc, IReadOnlyList<ApiMethod> Methods);

public sealed record ApiMethod(string Name, string RequestType, string ResponseType, bool ClientStreaming, bool ServerStreaming, DocComment Doc)
{
    public string Kind => (ClientStreaming, ServerStreaming) switch
    {
        (false, false) => "unary",
        (true, false) => "client streaming",
        (false, true) => "server streaming",
        (true, true) => "bidirectional streaming",
    };
}

/// <summary>A message; <see cref="Name"/> is dotted for nested messages (<c>Outer.Inner</c>).</summary>
public sealed record ApiMessage(string Name, DocComment Doc, IReadOnlyList<ApiField> Fields);

/// <summary>A field; <see cref="Type"/> is a scalar name or a fully qualified proto type (<c>.relic.sites.v1.Site</c>), <see cref="MapKey"/> set for maps.</summary>
public sealed record ApiField(string Name, int Number, string Type, bool Repeated, string? MapKey, bool ExplicitOptional, DocComment Doc);

public sealed record ApiEnum(string Name, DocComment Doc, IReadOnlyList<ApiEnumValue> Values);

public sealed record ApiEnumValue(string Name, int Number, DocComment Doc);
