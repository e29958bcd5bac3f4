namespace RelicSecurity.Cases.Tests.Service;

/// <summary>The system clock moved forward by a settable amount, so a test can stand a year after a judgment.</summary>
public sealed class ShiftableClock : TimeProvider
{
    public TimeSpan Shift { get; set; }

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Shift;
}
