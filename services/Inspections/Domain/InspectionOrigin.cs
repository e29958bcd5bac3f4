namespace RelicSecurity.Inspections.Domain;

/// <summary>Why an inspection exists: planned by people, or by the RISK_TRIGGERED rule.</summary>
public enum InspectionOrigin : short
{
    Manual = 1,
    RiskTriggered = 2,
}
