using Google.Protobuf.WellKnownTypes;
using RelicSecurity.Contracts.Sites.V1;
using RelicSecurity.ServiceDefaults.Failures;
using RelicSecurity.ServiceDefaults.Security;
using RelicSecurity.Sites.Domain;
using RelicSecurity.Sites.Import;
using RelicSecurity.Sites.Nearby;
using RelicSecurity.Sites.Persistence;
using RelicSecurity.Sites.Risk;
using RelicSecurity.Sites.Validation;

namespace RelicSecurity.Sites.Application;

/// <summary>
/// What SiteService does, independent of the wire: validates, calls the repository, and announces
/// committed risk changes to live watchers. Failures are domain exceptions the gRPC layer maps to statuses.
/// Every method takes the <see cref="Caller"/>: a site outside its reach is never returned (reads answer
/// NOT_FOUND, lists leave it out), and it may not write a site into, or out of, a province it does not reach.
/// </summary>
public sealed class SiteCatalog(
    SiteRepository repository, SiteImporter importer, RiskUpdateHub riskHub, SiteLocationIndex locations, SiteLocationFeed locationFeed)
{
    public async Task<Site> RegisterAsync(RegisterSiteRequest request, Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(caller);
        var errors = new FieldErrors();
        SiteValidator.CheckSite(request.Site, errors);
        SiteValidator.CheckRequestId(request.RequestId, errors);
        errors.ThrowIfAny();
        ProvinceOutOfReachException.ThrowUnlessReached(caller, "site.province_code", request.Site.ProvinceCode);
        var result = await repository.RegisterAsync(request.Site, caller.Subject, request.RequestId, cancellationToken);
        locations.Apply([IndexedSite.Of(result.Site, keepEncoding: locations.KeepsSites)]);
        return result.Site;
    }

    public async Task<Site> GetAsync(GetSiteRequest request, Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(caller);
        var id = ParseId(request.SiteId, "site_id");
        var site = await repository.GetAsync(id, cancellationToken);
        // Another province's site is answered exactly like a missing one: its existence is not the caller's to know.
        return site is not null && caller.CanReach(site.ProvinceCode) ? site : throw new SiteNotFoundException(request.SiteId);
    }

    public async Task<BatchGetSitesResponse> BatchGetAsync(BatchGetSitesRequest request, Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(caller);
        var errors = new FieldErrors();
        if (request.SiteIds.Count > SiteValidator.MaxBatchGet)
        {
            errors.Add("site_ids", $"{request.SiteIds.Count} ids exceed the maximum of {SiteValidator.MaxBatchGet}");
            errors.ThrowIfAny();
        }

        var ids = new Guid[request.SiteIds.Count];
        for (var i = 0; i < ids.Length; i++)
        {
            CheckId(request.SiteIds[i], $"site_ids[{i}]", errors, out ids[i]);
        }

        errors.ThrowIfAny();
        var response = new BatchGetSitesResponse();
        var found = await repository.GetManyAsync(ids.ToHashSet(), cancellationToken);
        var byId = found.Where(s => caller.CanReach(s.ProvinceCode)).ToDictionary(s => Guid.Parse(s.SiteId));
        for (var i = 0; i < ids.Length; i++)
        {
            var siteId = request.SiteIds[i];
            if (byId.TryGetValue(ids[i], out var site))
            {
                response.Sites.Add(site);
            }
            else
            {
                response.MissingSiteIds.Add(siteId);
            }
        }

        return response;
    }

    public async Task<Site> UpdateAsync(UpdateSiteRequest request, Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(caller);
        var errors = new FieldErrors();
        SiteValidator.CheckSite(request.Site, errors);
        Guid id = default;
        if (request.Site is { } site)
        {
            CheckId(site.SiteId, "site.site_id", errors, out id);
        }

        if (request.ExpectedVersion <= 0)
        {
            errors.Add("expected_version", "is required (the version of the site as last read)");
        }

        errors.ThrowIfAny();
        ProvinceOutOfReachException.ThrowUnlessReached(caller, "site.province_code", request.Site!.ProvinceCode);
        var result = await repository.UpdateAsync(id, request.Site, request.ExpectedVersion,
            stored => caller.CanReach(stored.ProvinceCode), cancellationToken);
        locations.Apply([IndexedSite.Of(result.Site, keepEncoding: locations.KeepsSites)]);
        if (result.RiskChange is { } change)
        {
            await riskHub.PublishAsync(ToUpdate(result.Site, change));
        }

        return result.Site;
    }

    public async Task<ListSitesResponse> ListAsync(ListSitesRequest request, Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(caller);
        var errors = new FieldErrors();
        SiteValidator.CheckListFilters(request, errors);
        var pageSize = SiteValidator.CheckPageSize(request.PageSize, errors);
        // A malformed province code is reported with the other bad fields, not as out of reach.
        var query = new SiteQuery(errors.Any ? request.ProvinceCode : ProvinceFilter(request.ProvinceCode, caller), request.Category, request.ProtectionLevel, request.MinRiskLevel,
            request.NameQuery, pageSize, null);
        if (request.PageToken.Length > 0)
        {
            if (PageToken.TryDecode(request.PageToken, out var token) && token!.FilterFingerprint == query.Fingerprint)
            {
                query = query with { After = token };
            }
            else
            {
                errors.Add("page_token", "is not a token of this query (tokens are opaque and only valid with the same filters)");
            }
        }

        errors.ThrowIfAny();
        var page = await repository.ListAsync(query, cancellationToken);
        var response = new ListSitesResponse { NextPageToken = page.Next?.Encode() ?? "", TotalSize = page.TotalSize };
        response.Sites.AddRange(page.Sites);
        return response;
    }

    public async Task<ListSitesResponse> SearchNearbyAsync(SearchSitesNearbyRequest request, Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(caller);
        var errors = new FieldErrors();
        SiteValidator.CheckNearby(request, errors);
        var limit = SiteValidator.CheckLimit(request.Limit, errors);
        errors.ThrowIfAny();
        var province = ProvinceFilter("", caller);
        if (!locationFeed.IsCurrent || province.Length > 0)
        {
            // Index not loaded yet, or the database unreachable for a while: one SQL query answers. So it does
            // for a provincial caller: the index holds no province, and the query's province filter keeps
            // the page and its total to the caller's own sites.
            var page = await repository.NearbyAsync(
                new NearbyQuery(request.Latitude, request.Longitude, request.RadiusKm, limit, request.Category, request.MinRiskLevel, province),
                cancellationToken);
            var fromSql = new ListSitesResponse { TotalSize = page.TotalSize };
            fromSql.Sites.AddRange(page.Sites);
            fromSql.DistancesKm.AddRange(page.DistancesKm ?? []);
            return fromSql;
        }

        var found = locations.Search(request.Latitude, request.Longitude, request.RadiusKm, limit,
            request.Category == SiteCategory.Unspecified ? null : (short)request.Category,
            request.MinRiskLevel == RiskLevel.Unspecified ? null : RiskRule.LowestScoreOf((SiteRiskLevel)request.MinRiskLevel));
        // Kept encodings answer from memory; the rest is read from the table.
        var fromTable = found.Nearest.Where(m => m.Encoded is null).ToList();
        var rows = fromTable.Count == 0 ? null : await repository.GetPageRowsAsync(fromTable, cancellationToken);
        var response = new ListSitesResponse { TotalSize = found.Total };
        List<IndexedSite>? learned = null;
        foreach (var match in found.Nearest)
        {
            if (match.Encoded is { } encoded)
            {
                response.Sites.Add(Site.Parser.ParseFrom(encoded));
                response.DistancesKm.Add(match.DistanceKm);
            }
            else if (rows!.TryGetValue(match.SiteId, out var row))
            {
                // A site the index holds but the table no longer has cannot exist (sites are never
                // deleted); skipping keeps the answer well-formed if that ever changes.
                response.Sites.Add(row.Site);
                response.DistancesKm.Add(match.DistanceKm);
                if (locations.KeepsSites || row.Row != match.Row)
                {
                    (learned ??= []).Add(IndexedSite.Of(row.Site, row.Row, locations.KeepsSites));
                }
            }
        }

        if (learned is not null)
        {
            // Remember where those rows are now (e.g. after VACUUM FULL) and what they hold.
            locations.Apply(learned);
        }

        return response;
    }

    public async Task<ImportSitesSummary> ImportAsync(IAsyncEnumerable<ImportSitesRequest> requests, Caller caller, CancellationToken cancellationToken)
    {
        var summary = await importer.ImportAsync(requests, caller, cancellationToken);

        // The importer's caller sees its own rows in nearby searches at once; other instances within a poll.
        await locationFeed.CatchUpAsync(cancellationToken);
        return summary;
    }

    public RiskWatch Watch(WatchSiteRiskRequest request, Caller caller)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(caller);
        var errors = new FieldErrors();
        SiteValidator.CheckProvince(request.ProvinceCode, required: false, errors, "province_code");
        errors.ThrowIfAny();
        return riskHub.Watch(ProvinceFilter(request.ProvinceCode, caller));
    }

    /// <summary>
    /// The province a list or watch is limited to: a provincial caller's own whatever it asked for (naming
    /// another is PERMISSION_DENIED, not a silently empty answer), anyone else's choice ("" = all).
    /// </summary>
    private static string ProvinceFilter(string requested, Caller caller)
    {
        if (caller.RestrictedToProvince is not { } own)
        {
            return requested;
        }

        if (requested.Length > 0)
        {
            ProvinceOutOfReachException.ThrowUnlessReached(caller, "province_code", requested);
        }

        return own;
    }

    /// <summary>Announces a change committed elsewhere (e.g. by an event consumer) to live watchers.</summary>
    public Task AnnounceAsync(SiteWriteResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.RiskChange is { } change ? riskHub.PublishAsync(ToUpdate(result.Site, change)) : Task.CompletedTask;
    }

    public static SiteRiskUpdate ToUpdate(Site site, RiskChange change)
    {
        ArgumentNullException.ThrowIfNull(site);
        ArgumentNullException.ThrowIfNull(change);
        return new SiteRiskUpdate
        {
            SiteId = site.SiteId,
            ProvinceCode = site.ProvinceCode,
            Name = site.Name,
            OldLevel = (RiskLevel)change.Before.Level,
            NewLevel = (RiskLevel)change.After.Level,
            OldScore = change.Before.Score,
            RiskScore = change.After.Score,
            Reason = change.Reason,
            ChangedAt = site.UpdatedAt ?? Timestamp.FromDateTime(DateTime.UtcNow),
            RiskFactors = site.RiskFactors,
        };
    }

    private static Guid ParseId(string siteId, string field)
    {
        var errors = new FieldErrors();
        CheckId(siteId, field, errors, out var id);
        errors.ThrowIfAny();
        return id;
    }

    /// <summary>Ids are server-assigned UUIDs: anything else is a malformed request (INVALID_ARGUMENT), not an unknown site.</summary>
    private static void CheckId(string siteId, string field, FieldErrors errors, out Guid id)
    {
        if (string.IsNullOrEmpty(siteId))
        {
            id = default;
            errors.Add(field, "is required");
        }
        else if (!SiteRows.TryParseId(siteId, out id))
        {
            errors.Add(field, $"\"{siteId}\" is not a site id (a UUID)");
        }
    }
}
