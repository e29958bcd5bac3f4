using RelicSecurity.Cases.Domain;
using RelicSecurity.Contracts.Events.Cases;
using RelicSecurity.ServiceDefaults.Messaging;

namespace RelicSecurity.Cases.Persistence;

/// <summary>The integration events of case and relic changes, built from the records as committed (partition key = case id, so a case's events keep their order).</summary>
internal static class CaseEvents
{
    public static OutboxEvent Opened(CaseRecord c) => new(c.Id.ToString(), new CaseOpened(
        Guid.CreateVersion7(c.CreatedAt), c.Id.ToString(), c.Number, EnumNames.Of(c.Type), EnumNames.Of(c.Stage), c.LeadProvinceCode,
        c.ParticipatingProvinceCodes, c.SiteIds, EnumNames.Of(c.Supervision), c.OccurredAt ?? c.CreatedAt, c.CreatedAt, c.Version));

    public static OutboxEvent StageChanged(CaseRecord c, CaseStage from, string actor, DateTimeOffset? handoverDueAt) => new(c.Id.ToString(), new CaseStageChanged(
        Guid.CreateVersion7(c.UpdatedAt), c.Id.ToString(), c.Number, EnumNames.Of(c.Type), EnumNames.Of(from), EnumNames.Of(c.Stage),
        c.LeadProvinceCode, c.ParticipatingProvinceCodes, c.SiteIds, EnumNames.Of(c.Supervision), c.RelicIds, handoverDueAt, actor,
        c.CreatedAt, c.UpdatedAt, c.Version));

    public static OutboxEvent Joined(CaseRecord c, string province) => new(c.Id.ToString(), new CaseJoined(
        Guid.CreateVersion7(c.UpdatedAt), c.Id.ToString(), EnumNames.Of(c.Type), EnumNames.Of(c.Stage), c.LeadProvinceCode, province,
        c.ParticipatingProvinceCodes, c.SiteIds, EnumNames.Of(c.Supervision), c.CreatedAt, c.UpdatedAt, c.Version));

    public static OutboxEvent SupervisionChanged(CaseRecord c, SupervisionLevel from) => new(c.Id.ToString(), new CaseSupervisionChanged(
        Guid.CreateVersion7(c.UpdatedAt), c.Id.ToString(), EnumNames.Of(c.Type), EnumNames.Of(c.Stage), c.LeadProvinceCode,
        c.ParticipatingProvinceCodes, EnumNames.Of(from), EnumNames.Of(c.Supervision), c.UpdatedAt, c.Version));

    public static OutboxEvent RelicRegistered(RelicRecord r, CaseRecord c) => new(c.Id.ToString(), new RelicRegistered(
        Guid.CreateVersion7(r.CreatedAt), r.Id.ToString(), c.Id.ToString(), c.LeadProvinceCode, c.ParticipatingProvinceCodes,
        r.Object.ObjectType, EnumNames.Of(r.Status), EnumNames.Of(r.Grade), r.HandoverDueAt, r.CreatedAt, r.Version));

    public static OutboxEvent CustodyChanged(RelicRecord r, IReadOnlyList<string> provinces, RelicStatus from, CustodyStep step) => new(r.CaseId.ToString(),
        new RelicCustodyChanged(Guid.CreateVersion7(r.UpdatedAt), r.Id.ToString(), r.CaseId.ToString(), provinces[0], [.. provinces.Skip(1)],
            EnumNames.Of(step.Kind), EnumNames.Of(from), EnumNames.Of(r.Status), EnumNames.Of(r.Grade), step.Holder, r.HandoverDueAt,
            step.At, r.UpdatedAt, r.Version));
}
