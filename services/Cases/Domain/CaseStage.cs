namespace RelicSecurity.Cases.Domain;

/// <summary>The stages of criminal procedure, in order; numbers equal the proto's so the edge maps by value.</summary>
public enum CaseStage : short
{
    Reported = 1,
    Filed = 2,
    Investigating = 3,
    SuspectsDetained = 4,
    Prosecution = 5,
    Trial = 6,
    JudgmentEffective = 7,
    Closed = 8,
    Dropped = 9,
}
