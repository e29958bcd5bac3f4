using Grpc.Core;
using RelicSecurity.Contracts.Cases.V1;
using RelicSecurity.Contracts.Sites.V1;
using RelicSecurity.Testing;
using Shouldly;
using Xunit;

namespace RelicSecurity.Cases.Tests.Service;

/// <summary>CaseService through a real gRPC client against the real host, with a real Sites service and PostgreSQL.</summary>
[Collection("servers")]
public sealed class CaseLifecycleTests(LocalServersFixture servers) : IAsyncLifetime
{
    private static readonly string National = TestTokens.National("inspector-zhang");
    private CasesServiceHost _host = null!;

    private CaseService.CaseServiceClient Cases => _host.Cases(National);

    public async Task InitializeAsync() => _host = await CasesServiceHost.StartAsync(servers);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_case_goes_from_reported_to_closed_one_stage_at_a_time_with_every_change_in_its_history()
    {
        var site = await _host.Sites(National).RegisterSiteAsync(new RegisterSiteRequest { Site = Samples.Site(), RequestId = "s1" });
        var opened = await Cases.OpenCaseAsync(Samples.OpenCase(siteIds: site.SiteId));
        opened.Stage.ShouldBe(CaseStage.Reported);
        opened.CaseNumber.ShouldBe($"610000-{DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).Year}-0001");
        opened.SiteIds.ShouldBe([site.SiteId]);
        opened.Supervision.ShouldBe(Supervision.None);

        var current = opened;
        CaseStage[] path = [CaseStage.Filed, CaseStage.Investigating, CaseStage.SuspectsDetained, CaseStage.Prosecution, CaseStage.Trial,
            CaseStage.JudgmentEffective, CaseStage.Closed];
        foreach (var stage in path)
        {
            var request = new AdvanceCaseRequest { CaseId = opened.CaseId, ToStage = stage, Note = $"to {stage}", ExpectedVersion = current.Version };
            if (stage == CaseStage.SuspectsDetained)
            {
                request.SuspectsDetained = 3;
            }

            current = await Cases.AdvanceCaseAsync(request);
            current.Stage.ShouldBe(stage);
        }

        var read = await Cases.GetCaseAsync(new GetCaseRequest { CaseId = opened.CaseId });
        read.ShouldBe(current);
        read.SuspectsDetained.ShouldBe(3);
        read.Version.ShouldBe(1 + path.Length);
        read.History.Select(h => h.ToStage).ShouldBe([CaseStage.Reported, .. path]);
        read.History.Skip(1).Select(h => h.FromStage).ShouldBe([CaseStage.Reported, .. path[..^1]]);
        read.History.ShouldAllBe(h => h.Actor == "inspector-zhang");
        read.History.Skip(1).Select(h => h.Note).ShouldBe(path.Select(s => $"to {s}"));
    }

    [Fact]
    public async Task Every_illegal_transition_is_refused_with_failed_precondition_and_changes_nothing()
    {
        var all = Enum.GetValues<CaseStage>().Where(s => s != CaseStage.Unspecified).ToArray();
        CaseStage[] forward = [CaseStage.Filed, CaseStage.Investigating, CaseStage.SuspectsDetained, CaseStage.Prosecution, CaseStage.Trial,
            CaseStage.JudgmentEffective, CaseStage.Closed];
        var refused = 0;
        foreach (var from in all)
        {
            var current = await ReachAsync(from, forward);
            foreach (var to in all)
            {
                var legal = (to == CaseStage.Dropped && from < CaseStage.JudgmentEffective) || (from < CaseStage.Closed && (int)to == (int)from + 1 && to != CaseStage.Dropped);
                if (legal)
                {
                    continue;
                }

                var ex = await Should.ThrowAsync<RpcException>(Cases.AdvanceCaseAsync(
                    new AdvanceCaseRequest { CaseId = current.CaseId, ToStage = to, ExpectedVersion = current.Version }).ResponseAsync);
                ex.StatusCode.ShouldBe(StatusCode.FailedPrecondition, $"{from} → {to}");
                refused++;
            }

            (await Cases.GetCaseAsync(new GetCaseRequest { CaseId = current.CaseId })).ShouldBe(current);
        }

        refused.ShouldBe(9 * 9 - 7 - 6);
    }

    [Fact]
    public async Task A_stale_version_is_aborted()
    {
        var opened = await Cases.OpenCaseAsync(Samples.OpenCase());
        await Cases.AdvanceCaseAsync(new AdvanceCaseRequest { CaseId = opened.CaseId, ToStage = CaseStage.Filed, ExpectedVersion = opened.Version });

        var ex = await Should.ThrowAsync<RpcException>(Cases.AdvanceCaseAsync(
            new AdvanceCaseRequest { CaseId = opened.CaseId, ToStage = CaseStage.Investigating, ExpectedVersion = opened.Version }).ResponseAsync);

        ex.StatusCode.ShouldBe(StatusCode.Aborted);
        (await Cases.GetCaseAsync(new GetCaseRequest { CaseId = opened.CaseId })).Stage.ShouldBe(CaseStage.Filed);
    }

    [Fact]
    public async Task Repeating_an_open_with_the_same_request_id_returns_the_same_case_and_creates_nothing()
    {
        var first = await Cases.OpenCaseAsync(Samples.OpenCase(requestId: "report-77"));
        var again = await Cases.OpenCaseAsync(Samples.OpenCase(requestId: "report-77"));

        again.ShouldBe(first);
        (await _host.CountAsync("cases")).ShouldBe(1);
        (await _host.CountAsync("messaging.outbox WHERE message_type LIKE '%.CaseOpened,%'")).ShouldBe(1);
    }

    [Fact]
    public async Task Fifty_concurrent_opens_in_one_province_and_year_get_fifty_consecutive_numbers()
    {
        var opened = await Task.WhenAll(Enumerable.Range(0, 50)
            .Select(i => Cases.OpenCaseAsync(Samples.OpenCase(province: "330000", requestId: $"burst-{i}")).ResponseAsync));

        var sequences = opened.Select(c => int.Parse(c.CaseNumber.Split('-')[2], System.Globalization.CultureInfo.InvariantCulture)).Order().ToArray();
        sequences.ShouldBe(Enumerable.Range(1, 50));
        opened.Select(c => c.CaseNumber).Distinct().Count().ShouldBe(50);
        opened.ShouldAllBe(c => c.CaseNumber.StartsWith("330000-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unknown_site_is_an_invalid_argument_naming_it_and_stores_nothing()
    {
        var site = await _host.Sites(National).RegisterSiteAsync(new RegisterSiteRequest { Site = Samples.Site(), RequestId = "known" });
        var unknown = Guid.NewGuid().ToString();

        var ex = await Should.ThrowAsync<RpcException>(Cases.OpenCaseAsync(Samples.OpenCase(siteIds: [site.SiteId, unknown])).ResponseAsync);

        ex.StatusCode.ShouldBe(StatusCode.InvalidArgument);
        ex.Status.Detail.ShouldContain($"site_ids[1]: site \"{unknown}\" does not exist");
        ex.Status.Detail.ShouldNotContain("site_ids[0]");
        (await _host.CountAsync("cases")).ShouldBe(0);
    }

    [Fact]
    public async Task Every_bad_field_of_an_open_is_named()
    {
        var ex = await Should.ThrowAsync<RpcException>(Cases.OpenCaseAsync(new OpenCaseRequest { LeadProvinceCode = "999999", SiteIds = { "x" } }).ResponseAsync);

        ex.StatusCode.ShouldBe(StatusCode.InvalidArgument);
        foreach (var field in new[] { "title", "type", "lead_province_code", "lead_agency", "site_ids[0]" })
        {
            ex.Status.Detail.ShouldContain(field + ":");
        }
    }

    [Fact]
    public async Task Opened_moved_joined_and_supervised_cases_leave_their_events_in_the_outbox()
    {
        var opened = await Cases.OpenCaseAsync(Samples.OpenCase());
        var filed = await Cases.AdvanceCaseAsync(new AdvanceCaseRequest { CaseId = opened.CaseId, ToStage = CaseStage.Filed, ExpectedVersion = 1 });
        await Cases.JoinCaseAsync(new JoinCaseRequest { CaseId = opened.CaseId, ProvinceCode = "510000" });
        await Cases.SetSupervisionAsync(new SetSupervisionRequest { CaseId = opened.CaseId, Supervision = Supervision.National });
        await Cases.AdvanceCaseAsync(new AdvanceCaseRequest { CaseId = opened.CaseId, ToStage = CaseStage.Dropped, ExpectedVersion = filed.Version + 2 });

        foreach (var type in new[] { "CaseOpened", "CaseJoined", "CaseSupervisionChanged" })
        {
            (await _host.CountAsync($"messaging.outbox WHERE message_type LIKE '%.{type},%' AND partition_key = '{opened.CaseId}'")).ShouldBe(1, type);
        }

        (await _host.CountAsync($"messaging.outbox WHERE message_type LIKE '%.CaseStageChanged,%' AND body->>'toStage' = 'DROPPED'")).ShouldBe(1);
        (await _host.CountAsync($"messaging.outbox WHERE message_type LIKE '%.CaseJoined,%' AND body->'participatingProvinceCodes' ? '510000'")).ShouldBe(1);
    }

    private async Task<RelicSecurity.Contracts.Cases.V1.Case> ReachAsync(CaseStage target, CaseStage[] forward)
    {
        var current = await Cases.OpenCaseAsync(Samples.OpenCase());
        if (target == CaseStage.Reported)
        {
            return current;
        }

        if (target == CaseStage.Dropped)
        {
            return await Cases.AdvanceCaseAsync(new AdvanceCaseRequest { CaseId = current.CaseId, ToStage = CaseStage.Dropped, ExpectedVersion = current.Version });
        }

        foreach (var stage in forward.TakeWhile(s => s <= target))
        {
            current = await Cases.AdvanceCaseAsync(new AdvanceCaseRequest { CaseId = current.CaseId, ToStage = stage, ExpectedVersion = current.Version });
        }

        return current;
    }
}
