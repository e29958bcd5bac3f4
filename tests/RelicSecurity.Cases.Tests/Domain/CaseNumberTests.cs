using RelicSecurity.Cases.Domain;
using Shouldly;
using Xunit;

namespace RelicSecurity.Cases.Tests.Domain;

public sealed class CaseNumberTests
{
    [Fact]
    public void A_case_number_is_province_year_and_padded_sequence() =>
        CaseNumber.Format("330000", 2026, 7).ShouldBe("330000-2026-0007");

    [Fact]
    public void The_year_is_the_year_in_china()
    {
        CaseNumber.YearOf(new DateTimeOffset(2026, 12, 31, 23, 30, 0, TimeSpan.Zero)).ShouldBe(2027);
        CaseNumber.YearOf(new DateTimeOffset(2026, 12, 31, 15, 59, 0, TimeSpan.Zero)).ShouldBe(2026);
    }

    [Fact]
    public void Handover_is_due_one_year_after_the_judgment_and_overdue_only_until_handed_over()
    {
        var judgment = new DateTimeOffset(2025, 3, 1, 8, 0, 0, TimeSpan.Zero);
        var due = HandoverDeadline.After(judgment);
        due.ShouldBe(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero));
        HandoverDeadline.IsOverdue(due, RelicStatus.InTemporaryCustody, due.AddSeconds(1)).ShouldBeTrue();
        HandoverDeadline.IsOverdue(due, RelicStatus.HandedOver, due.AddSeconds(1)).ShouldBeFalse();
        HandoverDeadline.IsOverdue(due, RelicStatus.Seized, due.AddSeconds(-1)).ShouldBeFalse();
    }
}
