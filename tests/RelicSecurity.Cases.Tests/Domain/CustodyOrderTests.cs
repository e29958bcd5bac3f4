using RelicSecurity.Cases.Domain;
using Shouldly;
using Xunit;

namespace RelicSecurity.Cases.Tests.Domain;

public sealed class CustodyOrderTests
{
    // The table of services/Cases/README.md, written out independently of CustodyOrder's own.
    private static readonly Dictionary<RelicStatus, CustodyKind[]> Documented = new()
    {
        [RelicStatus.Stolen] = [CustodyKind.Seized, CustodyKind.ReturnedFromAbroad],
        [RelicStatus.Seized] = [CustodyKind.Appraised, CustodyKind.TemporaryCustody],
        [RelicStatus.Appraised] = [CustodyKind.TemporaryCustody, CustodyKind.HandedOver],
        [RelicStatus.InTemporaryCustody] = [CustodyKind.Appraised, CustodyKind.TemporaryCustody, CustodyKind.HandedOver],
        [RelicStatus.ReturnedFromAbroad] = [CustodyKind.Appraised, CustodyKind.TemporaryCustody, CustodyKind.HandedOver],
        [RelicStatus.HandedOver] = [],
    };

    public static TheoryData<RelicStatus, CustodyKind> EveryPair()
    {
        var data = new TheoryData<RelicStatus, CustodyKind>();
        foreach (var status in Enum.GetValues<RelicStatus>())
        {
            foreach (var kind in Enum.GetValues<CustodyKind>())
            {
                data.Add(status, kind);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryPair))]
    public void Each_status_accepts_exactly_the_documented_custody_events(RelicStatus status, CustodyKind kind)
    {
        var legal = Documented[status].Contains(kind);
        CustodyOrder.CanRecord(status, kind).ShouldBe(legal);
        if (legal)
        {
            CustodyOrder.Apply("r", status, kind).ShouldBe(CustodyOrder.StatusAfter(kind));
        }
        else
        {
            Should.Throw<IllegalCustodyEventException>(() => CustodyOrder.Apply("r", status, kind));
        }
    }

    [Fact]
    public void Each_kind_sets_the_matching_status()
    {
        CustodyOrder.StatusAfter(CustodyKind.Seized).ShouldBe(RelicStatus.Seized);
        CustodyOrder.StatusAfter(CustodyKind.Appraised).ShouldBe(RelicStatus.Appraised);
        CustodyOrder.StatusAfter(CustodyKind.TemporaryCustody).ShouldBe(RelicStatus.InTemporaryCustody);
        CustodyOrder.StatusAfter(CustodyKind.HandedOver).ShouldBe(RelicStatus.HandedOver);
        CustodyOrder.StatusAfter(CustodyKind.ReturnedFromAbroad).ShouldBe(RelicStatus.ReturnedFromAbroad);
    }

    [Fact]
    public void Nothing_follows_a_hand_over() =>
        Enum.GetValues<CustodyKind>().ShouldAllBe(kind => !CustodyOrder.CanRecord(RelicStatus.HandedOver, kind));
}
