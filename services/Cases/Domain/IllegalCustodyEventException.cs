using RelicSecurity.ServiceDefaults.Failures;

namespace RelicSecurity.Cases.Domain;

/// <summary>A custody event out of the legal order (answered as FAILED_PRECONDITION).</summary>
public sealed class IllegalCustodyEventException(string relicId, RelicStatus current, CustodyKind kind)
    : DomainException(FailureKind.FailedPrecondition, Describe(relicId, current, kind))
{
    private static string Describe(string relicId, RelicStatus current, CustodyKind kind)
    {
        var allowed = CustodyOrder.AllowedAfter(current);
        var next = allowed.Count == 0 ? "it is final" : "allowed next: " + string.Join(", ", allowed.Select(EnumNames.Of));
        return $"relic \"{relicId}\" is {EnumNames.Of(current)}; a {EnumNames.Of(kind)} event cannot follow ({next})";
    }
}
