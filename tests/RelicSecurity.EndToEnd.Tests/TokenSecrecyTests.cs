using System.Diagnostics;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Trace;
using StatusCode = Grpc.Core.StatusCode;
using RelicSecurity.Contracts.Cases.V1;
using RelicSecurity.Contracts.Inspections.V1;
using RelicSecurity.Contracts.Sites.V1;
using RelicSecurity.ServiceDefaults.Security;
using RelicSecurity.Testing;
using Shouldly;
using Xunit;

namespace RelicSecurity.EndToEnd.Tests;

/// <summary>
/// A caller's bearer token is a credential: whoever reads it from a log or a trace can act as the caller until
/// it expires. With every category logging at Trace into an in-memory provider and every span going to
/// OpenTelemetry's in-memory exporter, in the gateway, Sites, Inspections and Cases (both forward the token to
/// Sites), calls that succeed and calls that fail (expired token, bad signature, missing scope, unknown record)
/// must leave neither a token nor its signature anywhere.
/// </summary>
[Collection("servers")]
public sealed class TokenSecrecyTests(LocalServersFixture servers)
{
    private const string Zhejiang = "330000";

    [Fact]
    public async Task No_token_or_signature_appears_in_any_log_entry_scope_or_span()
    {
        var hosts = new[] { "gateway", "sites", "inspections", "cases" }.ToDictionary(h => h, _ => (Logs: new CapturedLogs(), Spans: new ExportedSpans()));
        await using var sites = await SuiteHosts.StartSitesAsync(servers, builder => Capture(builder, hosts["sites"]));
        await using var inspections = await SuiteHosts.StartInspectionsAsync(servers, sites.Urls.Single(), builder => Capture(builder, hosts["inspections"]));
        await using var cases = await SuiteHosts.StartCasesAsync(servers, sites.Urls.Single(), builder => Capture(builder, hosts["cases"]));
        await using var gateway = await SuiteHosts.StartGatewayAsync(sites.Urls.Single(), inspections.Urls.Single(),
            new Dictionary<string, string?> { ["ReverseProxy:Clusters:cases:Destinations:primary:Address"] = cases.Urls.Single() },
            configure: builder => Capture(builder, hosts["gateway"]));
        using var throughGateway = GrpcChannel.ForAddress(gateway.Urls.Single());
        using var toSites = GrpcChannel.ForAddress(sites.Urls.Single());
        using var toInspections = GrpcChannel.ForAddress(inspections.Urls.Single());
        using var toCases = GrpcChannel.ForAddress(cases.Urls.Single());
        var valid = TestTokens.National("secrecy-test");
        var readOnly = TestTokens.Integration(SuiteScopes.SitesRead);
        var expired = TestTokens.Expired();
        var forged = TestTokens.WrongSignature();

        // Accepted calls through the gateway, one of them forwarded on from Inspections to Sites.
        var sitesClient = new SiteService.SiteServiceClient(throughGateway.WithToken(valid));
        var site = await sitesClient.RegisterSiteAsync(new RegisterSiteRequest { Site = Site(), RequestId = "secrecy" }, deadline: Deadline());
        await sitesClient.GetSiteAsync(new GetSiteRequest { SiteId = site.SiteId }, deadline: Deadline());
        await sitesClient.ListSitesAsync(new ListSitesRequest(), deadline: Deadline());
        var inspectionsClient = new InspectionService.InspectionServiceClient(throughGateway.WithToken(valid));
        await inspectionsClient.PlanInspectionAsync(Plan(site.SiteId), deadline: Deadline());
        // Cases checks the site with Sites (forwarding the token) and audits the call.
        await new CaseService.CaseServiceClient(throughGateway.WithToken(valid)).OpenCaseAsync(OpenCase(site.SiteId), deadline: Deadline());
        // Refused calls: unknown record, missing scope (both reach the service), expired and forged (refused at the gateway).
        var refused = new List<StatusCode>
        {
            await Refusal(inspectionsClient.GetInspectionAsync(new GetInspectionRequest { InspectionId = Guid.NewGuid().ToString() }, deadline: Deadline())),
            await Refusal(new SiteService.SiteServiceClient(throughGateway.WithToken(readOnly))
                .RegisterSiteAsync(new RegisterSiteRequest { Site = Site(), RequestId = "no-scope" }, deadline: Deadline())),
        };
        foreach (var bad in new[] { expired, forged })
        {
            refused.Add(await Refusal(new SiteService.SiteServiceClient(throughGateway.WithToken(bad)).ListSitesAsync(new ListSitesRequest(), deadline: Deadline())));
            // And straight at each service, which must refuse (and stay quiet) on its own.
            refused.Add(await Refusal(new SiteService.SiteServiceClient(toSites.WithToken(bad)).ListSitesAsync(new ListSitesRequest(), deadline: Deadline())));
            refused.Add(await Refusal(new InspectionService.InspectionServiceClient(toInspections.WithToken(bad))
                .ListInspectionsAsync(new ListInspectionsRequest(), deadline: Deadline())));
            refused.Add(await Refusal(new CaseService.CaseServiceClient(toCases.WithToken(bad)).ListCasesAsync(new ListCasesRequest(), deadline: Deadline())));
        }

        // Every call's server span has ended (gateway 9 calls, Sites at least 8 with the two forwarded ones, Inspections 4,
        // Cases 3) before anything is searched, so nothing is missed for having been exported late.
        foreach (var (host, calls) in new[] { ("gateway", 9), ("sites", 8), ("inspections", 4), ("cases", 3) })
        {
            await Eventually.HoldsAsync(() => hosts[host].Spans.All.Count(s => s.Kind == ActivityKind.Server) >= calls,
                TimeSpan.FromSeconds(20), $"{calls} server spans exported by {host}");
        }

        refused.ShouldBe([StatusCode.NotFound, StatusCode.PermissionDenied, .. Enumerable.Repeat(StatusCode.Unauthenticated, 8)]);
        // The capture is real: failed validations were logged at their own (Debug/Information) level, and
        // the forwarded call shows as a client span in Inspections.
        hosts["gateway"].Logs.Entries.ShouldContain(e => e.Category.StartsWith("Microsoft.AspNetCore.Authentication", StringComparison.Ordinal));
        hosts["sites"].Logs.Entries.ShouldContain(e => e.Level <= LogLevel.Debug);
        hosts["inspections"].Spans.All.ShouldContain(s => s.Kind == ActivityKind.Client);
        hosts["cases"].Spans.All.ShouldContain(s => s.Kind == ActivityKind.Client);

        var secrets = new[] { ("valid", valid), ("read-only", readOnly), ("expired", expired), ("forged", forged) }
            .SelectMany(t => new[] { ($"{t.Item1} token", t.Item2), ($"{t.Item1} signature", t.Item2[(t.Item2.LastIndexOf('.') + 1)..]) })
            .ToList();
        var leaks = (
            from host in hosts
            from place in host.Value.Logs.Entries.SelectMany(e => e.Texts.Select(text => (Where: $"{host.Key} log {e.Category} ({e.Level})", Text: text)))
                .Concat(host.Value.Spans.All.SelectMany(s => ExportedSpans.Texts(s).Select(text => (Where: $"{host.Key} span {s.DisplayName}", Text: text))))
            from secret in secrets
            where place.Text.Contains(secret.Item2, StringComparison.Ordinal)
            select $"{secret.Item1} in {place.Where}: {Excerpt(place.Text, secret.Item2)}").Distinct().ToList();
        leaks.ShouldBeEmpty();
    }

    /// <summary>Where in the text the secret was, with the secret itself blanked out of the test's own output.</summary>
    private static string Excerpt(string text, string secret)
    {
        var at = text.IndexOf(secret, StringComparison.Ordinal);
        var start = Math.Max(0, at - 80);
        return text[start..Math.Min(text.Length, at + secret.Length + 40)].Replace(secret, "<secret>", StringComparison.Ordinal);
    }

    private static void Capture(WebApplicationBuilder builder, (CapturedLogs Logs, ExportedSpans Spans) into)
    {
        builder.Logging.AddProvider(into.Logs);
        builder.Logging.AddFilter<CapturedLogs>(null, LogLevel.Trace);
        builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing.AddInMemoryExporter(into.Spans));
    }

    private static async Task<StatusCode> Refusal<T>(AsyncUnaryCall<T> call)
    {
        var failure = await Should.ThrowAsync<RpcException>(async () => await call);
        return failure.StatusCode;
    }

    private static DateTime Deadline() => TimeProvider.System.GetUtcNow().UtcDateTime.AddSeconds(20);

    private static PlanInspectionRequest Plan(string siteId) => new()
    {
        Title = "Token secrecy inspection",
        ProvinceCode = Zhejiang,
        LeadDepartment = Agency.CulturalHeritage,
        SiteIds = { siteId },
        WindowStart = Timestamp.FromDateTimeOffset(TimeProvider.System.GetUtcNow()),
        WindowEnd = Timestamp.FromDateTimeOffset(TimeProvider.System.GetUtcNow().AddDays(10)),
        RequestId = "secrecy-plan",
    };

    private static OpenCaseRequest OpenCase(string siteId) => new()
    {
        Title = "古寺构件被盗案", Type = CaseType.BuildingComponentTheft, LeadProvinceCode = Zhejiang, LeadAgency = Agency.PublicSecurity,
        OccurredAt = Timestamp.FromDateTimeOffset(TimeProvider.System.GetUtcNow().AddDays(-1)), Summary = "斗拱构件失窃。",
        SiteIds = { siteId }, RequestId = "secrecy-case",
    };

    private static Site Site() => new()
    {
        Name = "保国寺", ProvinceCode = Zhejiang, County = "江北区", Category = SiteCategory.AncientBuilding,
        ProtectionLevel = ProtectionLevel.National, Latitude = 29.98, Longitude = 121.5,
        CustodianUnit = "文物保护管理所", ResponsiblePerson = "李文", ResponsiblePhone = "0574 0000 0000",
        Facilities = new SecurityFacilities { IntrusionAlarm = true, Cctv = true, NightPatrol = true, FireProtection = true },
    };
}
