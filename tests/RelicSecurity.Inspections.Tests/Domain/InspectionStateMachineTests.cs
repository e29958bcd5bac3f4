using RelicSecurity.Inspections.Domain;
using RelicSecurity.ServiceDefaults.Failures;
using Shouldly;
using Xunit;

namespace RelicSecurity.Inspections.Tests.Domain;

public sealed class InspectionStateMachineTests
{
    private static readonly Guid SiteInScope = Guid.NewGuid();

    [Theory]
    [InlineData(InspectionState.Planned, InspectionMove.Start, InspectionState.InProgress)]
    [InlineData(InspectionState.InProgress, InspectionMove.Complete, InspectionState.Completed)]
    [InlineData(InspectionState.Planned, InspectionMove.Cancel, InspectionState.Cancelled)]
    [InlineData(InspectionState.InProgress, InspectionMove.Cancel, InspectionState.Cancelled)]
    public void Legal_moves_lead_to_their_state(InspectionState from, InspectionMove move, InspectionState to) =>
        InspectionStateMachine.Apply(Sample(from), move).ShouldBe(to);

    [Theory]
    [InlineData(InspectionState.Planned, InspectionMove.Complete)]
    [InlineData(InspectionState.InProgress, InspectionMove.Start)]
    [InlineData(InspectionState.Completed, InspectionMove.Start)]
    [InlineData(InspectionState.Completed, InspectionMove.Complete)]
    [InlineData(InspectionState.Completed, InspectionMove.Cancel)]
    [InlineData(InspectionState.Cancelled, InspectionMove.Start)]
    [InlineData(InspectionState.Cancelled, InspectionMove.Complete)]
    [InlineData(InspectionState.Cancelled, InspectionMove.Cancel)]
    public void Illegal_moves_are_failed_preconditions(InspectionState from, InspectionMove move)
    {
        var failure = Should.Throw<IllegalTransitionException>(() => InspectionStateMachine.Apply(Sample(from), move));
        failure.Kind.ShouldBe(FailureKind.FailedPrecondition);
        failure.Message.ShouldContain(ApiNames.Of(from));
    }

    [Fact]
    public void Every_pair_of_state_and_move_is_either_legal_or_refused()
    {
        var legal = 0;
        foreach (var state in Enum.GetValues<InspectionState>())
        {
            foreach (var move in Enum.GetValues<InspectionMove>())
            {
                if (InspectionStateMachine.Target(state, move) is not null)
                {
                    legal++;
                }
            }
        }

        legal.ShouldBe(4);
    }

    [Fact]
    public void A_finding_for_a_site_in_scope_is_accepted_while_in_progress() =>
        Should.NotThrow(() => InspectionStateMachine.EnsureAcceptsFinding(Sample(InspectionState.InProgress), SiteInScope));

    [Theory]
    [InlineData(InspectionState.Planned)]
    [InlineData(InspectionState.Completed)]
    [InlineData(InspectionState.Cancelled)]
    public void A_finding_outside_in_progress_is_a_failed_precondition(InspectionState state) =>
        Should.Throw<IllegalTransitionException>(() => InspectionStateMachine.EnsureAcceptsFinding(Sample(state), SiteInScope))
            .Kind.ShouldBe(FailureKind.FailedPrecondition);

    [Fact]
    public void A_finding_for_a_site_outside_the_scope_is_an_invalid_site_id()
    {
        var failure = Should.Throw<RequestValidationException>(() =>
            InspectionStateMachine.EnsureAcceptsFinding(Sample(InspectionState.InProgress), Guid.NewGuid()));
        failure.Errors.ShouldHaveSingleItem().ShouldStartWith("site_id:");
    }

    internal static Inspection Sample(InspectionState state) => new(
        Guid.NewGuid(), "Spring joint inspection", "610000", Department.CulturalHeritage, [Department.PublicSecurity], [SiteInScope],
        DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddDays(7), state, InspectionOrigin.Manual, [], 1, DateTimeOffset.UnixEpoch,
        DateTimeOffset.UnixEpoch);
}
