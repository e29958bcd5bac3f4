using RelicSecurity.Inspections.Domain;
using RelicSecurity.ServiceDefaults.Failures;
using Shouldly;
using Xunit;

namespace RelicSecurity.Inspections.Tests.Domain;

public sealed class RectificationRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_first_order_may_be_issued() =>
        Should.NotThrow(() => RectificationRules.EnsureCanIssue(Guid.NewGuid(), []));

    [Fact]
    public void A_new_order_may_follow_a_failed_verification() =>
        Should.NotThrow(() => RectificationRules.EnsureCanIssue(Guid.NewGuid(), [RectificationState.FailedVerification]));

    [Theory]
    [InlineData(RectificationState.Open)]
    [InlineData(RectificationState.Overdue)]
    [InlineData(RectificationState.Verified)]
    public void No_second_order_while_one_is_active_or_after_the_hazard_closed(RectificationState existing) =>
        Should.Throw<IllegalTransitionException>(() => RectificationRules.EnsureCanIssue(Guid.NewGuid(), [RectificationState.FailedVerification, existing]))
            .Kind.ShouldBe(FailureKind.FailedPrecondition);

    [Theory]
    [InlineData(RectificationState.Open, true, RectificationState.Verified)]
    [InlineData(RectificationState.Open, false, RectificationState.FailedVerification)]
    [InlineData(RectificationState.Overdue, true, RectificationState.Verified)]
    [InlineData(RectificationState.Overdue, false, RectificationState.FailedVerification)]
    public void Verifying_an_active_order_settles_it(RectificationState from, bool passed, RectificationState to) =>
        RectificationRules.Verify(Order(from, Now), passed).ShouldBe(to);

    [Theory]
    [InlineData(RectificationState.Verified)]
    [InlineData(RectificationState.FailedVerification)]
    public void A_settled_order_cannot_be_verified_again(RectificationState state) =>
        Should.Throw<IllegalTransitionException>(() => RectificationRules.Verify(Order(state, Now), passed: true));

    [Fact]
    public void A_deadline_must_lie_in_the_future()
    {
        RectificationRules.IsAcceptableDeadline(Now.AddSeconds(1), Now).ShouldBeTrue();
        RectificationRules.IsAcceptableDeadline(Now, Now).ShouldBeFalse();
        RectificationRules.IsAcceptableDeadline(Now.AddDays(-1), Now).ShouldBeFalse();
    }

    [Fact]
    public void Only_an_open_order_whose_deadline_has_come_is_due_for_overdue()
    {
        RectificationRules.IsDueForOverdue(RectificationState.Open, Now, Now).ShouldBeTrue();
        RectificationRules.IsDueForOverdue(RectificationState.Open, Now.AddTicks(1), Now).ShouldBeFalse();
        RectificationRules.IsDueForOverdue(RectificationState.Verified, Now.AddDays(-1), Now).ShouldBeFalse();
        RectificationRules.IsDueForOverdue(RectificationState.Overdue, Now.AddDays(-1), Now).ShouldBeFalse();
        RectificationRules.IsDueForOverdue(RectificationState.FailedVerification, Now.AddDays(-1), Now).ShouldBeFalse();
    }

    private static RectificationOrder Order(RectificationState state, DateTimeOffset deadline) => new(
        Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), "610000", HazardSeverity.High, "County heritage bureau", deadline, state, null, "", 1,
        deadline.AddDays(-30), null);
}
