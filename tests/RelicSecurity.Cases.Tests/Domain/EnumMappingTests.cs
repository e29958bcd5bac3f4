using RelicSecurity.Cases.Domain;
using Shouldly;
using Xunit;
using V1 = RelicSecurity.Contracts.Cases.V1;

namespace RelicSecurity.Cases.Tests.Domain;

/// <summary>The gRPC edge maps enums by number: each domain value must carry the proto value of the same name.</summary>
public sealed class EnumMappingTests
{
    [Fact]
    public void Domain_enums_have_the_numbers_and_names_of_the_proto_enums()
    {
        Same<CaseStage, V1.CaseStage>("CASE_STAGE_");
        Same<CaseType, V1.CaseType>("CASE_TYPE_");
        Same<Agency, V1.Agency>("AGENCY_");
        Same<SupervisionLevel, V1.Supervision>("SUPERVISION_");
        Same<RelicStatus, V1.RelicStatus>("RELIC_STATUS_");
        Same<RelicGrade, V1.RelicGrade>("RELIC_GRADE_");
        Same<CustodyKind, V1.CustodyEventKind>("CUSTODY_EVENT_KIND_");
    }

    private static void Same<TDomain, TProto>(string prefix)
        where TDomain : struct, Enum
        where TProto : struct, Enum
    {
        var protoNames = V1.CasesReflection.Descriptor.EnumTypes.Single(e => e.ClrType == typeof(TProto)).Values
            .Where(v => v.Number != 0).ToDictionary(v => v.Number, v => v.Name);
        var domain = Enum.GetValues<TDomain>().ToDictionary(v => Convert.ToInt32(v, System.Globalization.CultureInfo.InvariantCulture), EnumNames.Of);
        domain.Count.ShouldBe(protoNames.Count, typeof(TDomain).Name);
        foreach (var (number, name) in domain)
        {
            protoNames[number].ShouldBe(prefix + name);
        }
    }
}
