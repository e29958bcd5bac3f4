namespace RelicSecurity.Grpc;

/// <summary>
/// Put by generated code on a service base class: names the static generic method that registers the
/// service's methods (e.g. SiteService.BindService&lt;TService&gt;), found once when the service is mapped.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true, AllowMultiple = false)]
public sealed class BindServiceMethodAttribute(Type bindType, string bindMethodName) : Attribute
{
    public Type BindType { get; } = bindType;

    public string BindMethodName { get; } = bindMethodName;
}
