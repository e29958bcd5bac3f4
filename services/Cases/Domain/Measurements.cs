namespace RelicSecurity.Cases.Domain;

/// <summary>Object ID measurements; 0 means not measured.</summary>
public sealed record Measurements(double HeightCm, double WidthCm, double DepthCm, double DiameterCm, double WeightKg)
{
    public static Measurements None { get; } = new(0, 0, 0, 0, 0);
}
