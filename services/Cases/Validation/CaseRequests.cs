using RelicSecurity.Cases.Domain;
using RelicSecurity.ServiceDefaults.Failures;
using V1 = RelicSecurity.Contracts.Cases.V1;

namespace RelicSecurity.Cases.Validation;

/// <summary>Validation of CaseService requests: every bad field named at once, then the domain input.</summary>
public static class CaseRequests
{
    public static NewCase OpenCase(V1.OpenCaseRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new FieldErrors();
        Fields.Text(request.Title, "title", Fields.MaxTitle, errors, required: true);
        Fields.Enum(request.Type, "type", errors, required: true);
        Fields.Province(request.LeadProvinceCode, "lead_province_code", errors, required: true);
        Fields.Enum(request.LeadAgency, "lead_agency", errors, required: true);
        Fields.Text(request.Summary, "summary", Fields.MaxText, errors);
        Fields.Text(request.RequestId, "request_id", Fields.MaxRequestId, errors);
        if (request.SiteIds.Count > Fields.MaxSites)
        {
            errors.Add("site_ids", $"{request.SiteIds.Count} ids exceed the maximum of {Fields.MaxSites}");
        }

        for (var i = 0; i < request.SiteIds.Count; i++)
        {
            Fields.Id(request.SiteIds[i], $"site_ids[{i}]", errors);
        }

        if (request.OccurredAt is { } occurred && (occurred.Seconds < -62135596800 || occurred.Seconds > 253402300799))
        {
            errors.Add("occurred_at", "is outside the representable range");
        }

        errors.ThrowIfAny();
        return new NewCase(request.Title.Trim(), (CaseType)request.Type, request.LeadProvinceCode, (Agency)request.LeadAgency,
            request.OccurredAt?.ToDateTimeOffset(), request.Summary, [.. request.SiteIds.Distinct(StringComparer.Ordinal)]);
    }

    public static (Guid CaseId, CaseStage To) Advance(V1.AdvanceCaseRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new FieldErrors();
        var id = Fields.Id(request.CaseId, "case_id", errors);
        Fields.Enum(request.ToStage, "to_stage", errors, required: true);
        Fields.Text(request.Note, "note", Fields.MaxText, errors);
        if (request.ExpectedVersion <= 0)
        {
            errors.Add("expected_version", "is required (the version of the case as last read)");
        }

        if (request.HasSuspectsDetained && request.SuspectsDetained < 0)
        {
            errors.Add("suspects_detained", "cannot be negative");
        }

        errors.ThrowIfAny();
        return (id, (CaseStage)request.ToStage);
    }

    public static NewRelic RegisterRelic(V1.RegisterRelicRequest request, out Guid caseId)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new FieldErrors();
        caseId = Fields.Id(request.CaseId, "case_id", errors);
        Fields.Text(request.RequestId, "request_id", Fields.MaxRequestId, errors);
        if (request.Relic is not { } relic)
        {
            errors.Add("relic", "is required");
            errors.ThrowIfAny();
            throw new InvalidOperationException("unreachable");
        }

        if (string.IsNullOrWhiteSpace(relic.ObjectType) || relic.ObjectType.Split('/').Length != 2 || relic.ObjectType.Split('/').Any(string.IsNullOrWhiteSpace))
        {
            errors.Add("relic.object_type", "is required in two levels, e.g. \"ceramics/jar\"");
        }

        Fields.Text(relic.Title, "relic.title", Fields.MaxTitle, errors, required: true);
        Fields.Text(relic.Description, "relic.description", Fields.MaxText, errors);
        Fields.Text(relic.DistinguishingFeatures, "relic.distinguishing_features", Fields.MaxText, errors);
        Fields.Text(relic.InscriptionsMarkings, "relic.inscriptions_markings", Fields.MaxText, errors);
        Fields.Enum(relic.Grade, "relic.grade", errors, required: true);
        Fields.Enum(relic.Status, "relic.status", errors, required: true);
        if (relic.Status != V1.RelicStatus.Unspecified && System.Enum.IsDefined(relic.Status)
            && !CustodyOrder.InitialStatuses.Contains((RelicStatus)relic.Status))
        {
            errors.Add("relic.status", "a relic is registered as STOLEN, SEIZED or RETURNED_FROM_ABROAD; later statuses come from custody events");
        }

        if (relic.Measurements is { } m && new[] { m.HeightCm, m.WidthCm, m.DepthCm, m.DiameterCm, m.WeightKg }.Any(v => v < 0 || double.IsNaN(v)))
        {
            errors.Add("relic.measurements", "cannot be negative");
        }

        errors.ThrowIfAny();
        return new NewRelic(Grpc.ProtoMapping.ToDomain(relic), (RelicGrade)relic.Grade, (RelicStatus)relic.Status, relic.CurrentHolder.Trim());
    }

    public static (Guid RelicId, CustodyKind Kind) Custody(V1.RecordCustodyEventRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new FieldErrors();
        var id = Fields.Id(request.RelicId, "relic_id", errors);
        Fields.Enum(request.Kind, "kind", errors, required: true);
        Fields.Text(request.Holder, "holder", Fields.MaxTitle, errors, required: true);
        Fields.Text(request.Note, "note", Fields.MaxText, errors);
        if (request.At is null)
        {
            errors.Add("at", "is required (when the custody event happened)");
        }

        if (request.ExpectedVersion <= 0)
        {
            errors.Add("expected_version", "is required (the version of the relic as last read)");
        }

        errors.ThrowIfAny();
        return (id, (CustodyKind)request.Kind);
    }
}
