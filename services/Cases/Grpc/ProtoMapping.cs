using Google.Protobuf.WellKnownTypes;
using RelicSecurity.Cases.Domain;
using V1 = RelicSecurity.Contracts.Cases.V1;

namespace RelicSecurity.Cases.Grpc;

/// <summary>The gRPC edge: domain records to proto messages and back. Enum numbers are equal on both sides by design (tested).</summary>
public static class ProtoMapping
{
    public static V1.Case ToProto(CaseRecord c)
    {
        ArgumentNullException.ThrowIfNull(c);
        var proto = new V1.Case
        {
            CaseId = c.Id.ToString(),
            CaseNumber = c.Number,
            Title = c.Title,
            Type = (V1.CaseType)c.Type,
            Stage = (V1.CaseStage)c.Stage,
            LeadProvinceCode = c.LeadProvinceCode,
            LeadAgency = (V1.Agency)c.LeadAgency,
            Supervision = (V1.Supervision)c.Supervision,
            OccurredAt = c.OccurredAt is { } occurred ? Timestamp.FromDateTimeOffset(occurred) : null,
            Summary = c.Summary,
            SuspectsDetained = c.SuspectsDetained,
            Version = c.Version,
            CreatedAt = Timestamp.FromDateTimeOffset(c.CreatedAt),
            UpdatedAt = Timestamp.FromDateTimeOffset(c.UpdatedAt),
        };
        proto.ParticipatingProvinceCodes.AddRange(c.ParticipatingProvinceCodes);
        proto.SiteIds.AddRange(c.SiteIds);
        proto.RelicIds.AddRange(c.RelicIds);
        proto.History.AddRange(c.History.Select(h => new V1.StageChange
        {
            FromStage = h.From is { } from ? (V1.CaseStage)from : V1.CaseStage.Unspecified,
            ToStage = (V1.CaseStage)h.To,
            At = Timestamp.FromDateTimeOffset(h.At),
            Actor = h.Actor,
            Note = h.Note,
        }));
        return proto;
    }

    public static V1.Relic ToProto(RelicRecord r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var o = r.Object;
        var proto = new V1.Relic
        {
            RelicId = r.Id.ToString(),
            CaseId = r.CaseId.ToString(),
            ObjectType = o.ObjectType,
            Title = o.Title,
            Measurements = new V1.Measurements
            {
                HeightCm = o.Measurements.HeightCm,
                WidthCm = o.Measurements.WidthCm,
                DepthCm = o.Measurements.DepthCm,
                DiameterCm = o.Measurements.DiameterCm,
                WeightKg = o.Measurements.WeightKg,
            },
            InscriptionsMarkings = o.InscriptionsMarkings,
            Period = o.Period,
            Maker = o.Maker,
            Subject = o.Subject,
            DistinguishingFeatures = o.DistinguishingFeatures,
            Description = o.Description,
            InventoryNumber = o.InventoryNumber,
            PlaceOfOrigin = o.PlaceOfOrigin,
            Grade = (V1.RelicGrade)r.Grade,
            Status = (V1.RelicStatus)r.Status,
            CurrentHolder = r.CurrentHolder,
            HandoverDueAt = r.HandoverDueAt is { } due ? Timestamp.FromDateTimeOffset(due) : null,
            Version = r.Version,
            CreatedAt = Timestamp.FromDateTimeOffset(r.CreatedAt),
            UpdatedAt = Timestamp.FromDateTimeOffset(r.UpdatedAt),
        };
        proto.Materials.AddRange(o.Materials);
        proto.Techniques.AddRange(o.Techniques);
        proto.ImageUris.AddRange(o.ImageUris);
        proto.Custody.AddRange(r.Custody.Select(s => new V1.CustodyEvent
        {
            Kind = (V1.CustodyEventKind)s.Kind,
            Holder = s.Holder,
            At = Timestamp.FromDateTimeOffset(s.At),
            Actor = s.Actor,
            Note = s.Note,
        }));
        return proto;
    }

    public static ObjectDescription ToDomain(V1.Relic relic)
    {
        ArgumentNullException.ThrowIfNull(relic);
        var m = relic.Measurements;
        return new ObjectDescription(relic.ObjectType.Trim(), relic.Title.Trim(), [.. relic.Materials.Select(x => x.Trim())], [.. relic.Techniques.Select(x => x.Trim())],
            m is null ? Measurements.None : new Measurements(m.HeightCm, m.WidthCm, m.DepthCm, m.DiameterCm, m.WeightKg),
            relic.InscriptionsMarkings, relic.Period.Trim(), relic.Maker, relic.Subject, relic.DistinguishingFeatures, relic.Description,
            [.. relic.ImageUris], relic.InventoryNumber, relic.PlaceOfOrigin);
    }
}
