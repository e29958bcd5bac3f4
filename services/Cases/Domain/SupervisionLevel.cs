namespace RelicSecurity.Cases.Domain;

/// <summary>Who supervises a major case (挂牌督办); numbers equal the proto's Supervision.</summary>
public enum SupervisionLevel : short
{
    None = 1,
    Provincial = 2,
    National = 3,
}
