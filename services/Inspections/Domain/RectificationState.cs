namespace RelicSecurity.Inspections.Domain;

/// <summary>Where a rectification order stands.</summary>
public enum RectificationState : short
{
    Open = 1,
    Verified = 2,
    Overdue = 3,
    FailedVerification = 4,
}
