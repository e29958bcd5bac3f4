using RelicSecurity.Contracts.Sites.V1;
using RelicSecurity.Sites.Domain;
using RelicSecurity.Sites.Persistence;

namespace RelicSecurity.Sites.Import;

/// <summary>A validated import row with its server-assigned id and initial risk.</summary>
public sealed record ImportRow(int Index, Guid SiteId, Site Site, string? RequestId, SecurityFacilitySet Facilities, RiskAssessment Risk)
{
    public static ImportRow From(int index, ImportSitesRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var facilities = SiteRows.FacilitiesOf(request.Site);
        return new ImportRow(index, Guid.CreateVersion7(), request.Site, request.RequestId.Length == 0 ? null : request.RequestId,
            facilities, RiskRule.Assess(Domain.RiskFactors.ForFacilities(facilities)));
    }
}
