using Google.Protobuf.WellKnownTypes;
using RelicSecurity.Contracts.Cases.V1;
using Proto = RelicSecurity.Contracts.Inspections.V1;
using Domain = RelicSecurity.Inspections.Domain;

namespace RelicSecurity.Inspections.Grpc;

/// <summary>The domain model on the wire. Domain enums share the proto's numbers, so they map by value.</summary>
public static class ProtoMapping
{
    public static Proto.Inspection ToProto(this Domain.Inspection inspection)
    {
        ArgumentNullException.ThrowIfNull(inspection);
        var proto = new Proto.Inspection
        {
            InspectionId = inspection.InspectionId.ToString(),
            Title = inspection.Title,
            ProvinceCode = inspection.ProvinceCode,
            LeadDepartment = (Agency)inspection.LeadDepartment,
            WindowStart = Timestamp.FromDateTimeOffset(inspection.WindowStart),
            WindowEnd = Timestamp.FromDateTimeOffset(inspection.WindowEnd),
            State = (Proto.InspectionState)inspection.State,
            Origin = (Proto.InspectionOrigin)inspection.Origin,
            Version = inspection.Version,
            CreatedAt = Timestamp.FromDateTimeOffset(inspection.CreatedAt),
            UpdatedAt = Timestamp.FromDateTimeOffset(inspection.UpdatedAt),
        };
        proto.ParticipatingDepartments.AddRange(inspection.ParticipatingDepartments.Select(d => (Agency)d));
        proto.SiteIds.AddRange(inspection.SiteIds.Select(s => s.ToString()));
        proto.FindingIds.AddRange(inspection.FindingIds.Select(f => f.ToString()));
        return proto;
    }

    public static Proto.Finding ToProto(this Domain.Finding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        return new Proto.Finding
        {
            FindingId = finding.FindingId.ToString(),
            InspectionId = finding.InspectionId.ToString(),
            SiteId = finding.SiteId.ToString(),
            Category = (Proto.FindingCategory)finding.Category,
            Severity = (Proto.Severity)finding.Severity,
            Description = finding.Description,
            RecordedAt = Timestamp.FromDateTimeOffset(finding.RecordedAt),
            RecordedBy = finding.RecordedBy,
        };
    }

    public static Proto.RectificationOrder ToProto(this Domain.RectificationOrder order)
    {
        ArgumentNullException.ThrowIfNull(order);
        return new Proto.RectificationOrder
        {
            OrderId = order.OrderId.ToString(),
            FindingId = order.FindingId.ToString(),
            SiteId = order.SiteId.ToString(),
            ProvinceCode = order.ProvinceCode,
            ResponsibleUnit = order.ResponsibleUnit,
            Deadline = Timestamp.FromDateTimeOffset(order.Deadline),
            State = (Proto.RectificationState)order.State,
            VerifiedAt = order.VerifiedAt is { } verified ? Timestamp.FromDateTimeOffset(verified) : null,
            Note = order.Note,
            Version = order.Version,
            Severity = (Proto.Severity)order.Severity,
            IssuedAt = Timestamp.FromDateTimeOffset(order.IssuedAt),
            OverdueAt = order.OverdueAt is { } overdue ? Timestamp.FromDateTimeOffset(overdue) : null,
        };
    }
}
