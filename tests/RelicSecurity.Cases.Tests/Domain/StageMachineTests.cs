using RelicSecurity.Cases.Domain;
using RelicSecurity.ServiceDefaults.Failures;
using Shouldly;
using Xunit;

namespace RelicSecurity.Cases.Tests.Domain;

public sealed class StageMachineTests
{
    public static TheoryData<CaseStage, CaseStage> EveryPair()
    {
        var data = new TheoryData<CaseStage, CaseStage>();
        foreach (var from in Enum.GetValues<CaseStage>())
        {
            foreach (var to in Enum.GetValues<CaseStage>())
            {
                data.Add(from, to);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryPair))]
    public void A_case_moves_one_stage_forward_or_to_dropped_before_the_judgment_and_nowhere_else(CaseStage from, CaseStage to)
    {
        var expected = (to == CaseStage.Dropped && from < CaseStage.JudgmentEffective)
            || (from < CaseStage.Closed && (int)to == (int)from + 1 && to != CaseStage.Dropped);

        StageMachine.CanMove(from, to).ShouldBe(expected);
        if (expected)
        {
            Should.NotThrow(() => StageMachine.EnsureCanMove("c", from, to));
        }
        else
        {
            Should.Throw<IllegalStageMoveException>(() => StageMachine.EnsureCanMove("c", from, to)).Kind.ShouldBe(FailureKind.FailedPrecondition);
        }
    }

    [Fact]
    public void Advancing_a_case_two_stages_is_rejected() =>
        StageMachine.CanMove(CaseStage.Reported, CaseStage.Investigating).ShouldBeFalse();

    [Fact]
    public void A_case_past_the_judgment_can_no_longer_be_dropped()
    {
        StageMachine.CanMove(CaseStage.Trial, CaseStage.Dropped).ShouldBeTrue();
        StageMachine.CanMove(CaseStage.JudgmentEffective, CaseStage.Dropped).ShouldBeFalse();
        StageMachine.CanMove(CaseStage.Closed, CaseStage.Dropped).ShouldBeFalse();
    }

    [Fact]
    public void The_refusal_says_where_the_case_may_go()
    {
        var ex = Should.Throw<IllegalStageMoveException>(() => StageMachine.EnsureCanMove("c1", CaseStage.Filed, CaseStage.Trial));
        ex.Message.ShouldContain("FILED");
        ex.Message.ShouldContain("INVESTIGATING or DROPPED");
    }

    [Fact]
    public void Closed_and_dropped_are_final_and_not_open()
    {
        StageMachine.IsOpen(CaseStage.Closed).ShouldBeFalse();
        StageMachine.IsOpen(CaseStage.Dropped).ShouldBeFalse();
        StageMachine.IsOpen(CaseStage.JudgmentEffective).ShouldBeTrue();
        StageMachine.Next(CaseStage.Closed).ShouldBeNull();
    }
}
