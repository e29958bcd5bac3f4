using RelicSecurity.ServiceDefaults.Failures;

namespace RelicSecurity.ServiceDefaults.Security;

/// <summary>
/// A write or a filter names a province the caller may not act in (PERMISSION_DENIED). Reads of an
/// existing record outside the caller's reach answer NOT_FOUND instead, so they reveal nothing.
/// </summary>
public sealed class ProvinceOutOfReachException(string field, string province, Caller caller)
    : DomainException(FailureKind.PermissionDenied,
        $"{field} \"{province}\" is outside the reach of this token (role {caller?.Role}, province {caller?.Province ?? "none"})")
{
    public string Field { get; } = field;

    public string Province { get; } = province;

    /// <summary>Throws unless <paramref name="caller"/> reaches <paramref name="province"/>.</summary>
    public static void ThrowUnlessReached(Caller caller, string field, string province)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!caller.CanReach(province))
        {
            throw new ProvinceOutOfReachException(field, province, caller);
        }
    }
}
