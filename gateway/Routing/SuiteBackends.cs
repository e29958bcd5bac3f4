using RelicSecurity.Contracts.Cases.V1;
using RelicSecurity.Contracts.Inspections.V1;
using RelicSecurity.Contracts.Sites.V1;

namespace RelicSecurity.Gateway.Routing;

/// <summary>
/// The suite's backends by cluster name (the name the app host uses in
/// ReverseProxy__Clusters__&lt;name&gt;__Destinations__primary__Address) and what each serves.
/// </summary>
public static class SuiteBackends
{
    public static IReadOnlyList<SuiteBackend> All { get; } =
    [
        new("sites", [.. SitesReflection.Descriptor.Services]),
        new("cases", [.. CasesReflection.Descriptor.Services, .. AuditReflection.Descriptor.Services]),
        new("inspections", [.. InspectionsReflection.Descriptor.Services]),
    ];
}
