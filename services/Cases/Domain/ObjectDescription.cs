namespace RelicSecurity.Cases.Domain;

/// <summary>A movable relic described by the fields of the Object ID standard.</summary>
public sealed record ObjectDescription(
    string ObjectType,
    string Title,
    IReadOnlyList<string> Materials,
    IReadOnlyList<string> Techniques,
    Measurements Measurements,
    string InscriptionsMarkings,
    string Period,
    string Maker,
    string Subject,
    string DistinguishingFeatures,
    string Description,
    IReadOnlyList<string> ImageUris,
    string InventoryNumber,
    string PlaceOfOrigin);
