using Google.Protobuf.Reflection;
using RelicSecurity.Contracts.Cases.V1;
using RelicSecurity.Contracts.Inspections.V1;
using RelicSecurity.Inspections.Domain;
using Shouldly;
using Xunit;

namespace RelicSecurity.Inspections.Tests.Domain;

public sealed class ApiNamesTests
{
    [Fact]
    public void Event_names_are_the_proto_names_without_their_prefix()
    {
        // Domain enums share the proto numbers; their event names must equal the proto's value names.
        Check<Inspections.Domain.FindingCategory>(InspectionsReflection.Descriptor, "FindingCategory", "FINDING_CATEGORY_");
        Check<Inspections.Domain.InspectionState>(InspectionsReflection.Descriptor, "InspectionState", "INSPECTION_STATE_");
        Check<Inspections.Domain.InspectionOrigin>(InspectionsReflection.Descriptor, "InspectionOrigin", "INSPECTION_ORIGIN_");
        Check<Inspections.Domain.RectificationState>(InspectionsReflection.Descriptor, "RectificationState", "RECTIFICATION_STATE_");
        Check<HazardSeverity>(InspectionsReflection.Descriptor, "Severity", "SEVERITY_");
        Check<Department>(CasesReflection.Descriptor, "Agency", "AGENCY_");
    }

    private static void Check<TEnum>(FileDescriptor file, string enumName, string prefix)
        where TEnum : struct, Enum
    {
        var descriptor = file.FindTypeByName<EnumDescriptor>(enumName);
        foreach (var value in Enum.GetValues<TEnum>())
        {
            var number = Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture);
            (prefix + ApiNames.Of(value)).ShouldBe(descriptor.FindValueByNumber(number).Name);
        }

        // Every specified proto value has its domain twin.
        descriptor.Values.Count(v => v.Number != 0).ShouldBe(Enum.GetValues<TEnum>().Length);
    }
}
