using Grpc.Core;
using RelicSecurity.Contracts.Cases.V1;
using RelicSecurity.ServiceDefaults.Security;
using RelicSecurity.Testing;
using Shouldly;
using Xunit;

namespace RelicSecurity.Cases.Tests.Service;

/// <summary>Calls the authorization policies refuse before any handler runs still leave exactly one audit entry each.</summary>
[Collection("servers")]
public sealed class RefusalAuditTests(LocalServersFixture servers) : IAsyncLifetime
{
    private CasesServiceHost _host = null!;

    public async Task InitializeAsync() => _host = await CasesServiceHost.StartAsync(servers);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Calls_refused_by_a_policy_leave_one_permission_denied_entry_each_naming_the_record_asked_for()
    {
        var opened = await _host.Cases(TestTokens.National()).OpenCaseAsync(Samples.OpenCase());
        var relic = await _host.Cases(TestTokens.National()).RegisterRelicAsync(new RegisterRelicRequest { CaseId = opened.CaseId, Relic = Samples.Relic() });
        var writeOnly = _host.Cases(TestTokens.Provincial("610000", SuiteScopes.CasesWrite));
        var provincial = TestTokens.Provincial("610000");

        await Refused(writeOnly.GetCaseAsync(new GetCaseRequest { CaseId = opened.CaseId }).ResponseAsync);
        await Refused(writeOnly.GetRelicAsync(new GetRelicRequest { RelicId = relic.RelicId }).ResponseAsync);
        await Refused(writeOnly.ListCasesAsync(new ListCasesRequest()).ResponseAsync);
        await Refused(_host.Cases(provincial).SetSupervisionAsync(
            new SetSupervisionRequest { CaseId = opened.CaseId, Supervision = Supervision.National }).ResponseAsync);
        await Refused(_host.Audit(provincial).ListAuditEntriesAsync(new ListAuditEntriesRequest { RecordId = relic.RelicId }).ResponseAsync);

        var entries = (await _host.Audit(TestTokens.National()).ListAuditEntriesAsync(
            new ListAuditEntriesRequest { Actor = "provincial-610000-test", PageSize = 100 })).Entries;
        entries.Select(e => (e.Method, string.Join(",", e.RecordIds), e.Outcome)).ShouldBe(
        [
            ("/relic.cases.v1.CaseService/GetCase", opened.CaseId, "PERMISSION_DENIED"),
            ("/relic.cases.v1.CaseService/GetRelic", relic.RelicId, "PERMISSION_DENIED"),
            ("/relic.cases.v1.CaseService/ListCases", "", "PERMISSION_DENIED"),
            ("/relic.cases.v1.CaseService/SetSupervision", opened.CaseId, "PERMISSION_DENIED"),
            ("/relic.cases.v1.AuditService/ListAuditEntries", relic.RelicId, "PERMISSION_DENIED"),
        ]);
        entries.ShouldAllBe(e => e.Role == "provincial" && e.ProvinceCode == "610000");
    }

    [Fact]
    public async Task A_call_without_a_valid_token_is_unauthenticated_and_names_no_one_in_the_audit()
    {
        var opened = await _host.Cases(TestTokens.National()).OpenCaseAsync(Samples.OpenCase());

        var ex = await Should.ThrowAsync<RpcException>(_host.Cases(TestTokens.Expired()).GetCaseAsync(new GetCaseRequest { CaseId = opened.CaseId }).ResponseAsync);

        ex.StatusCode.ShouldBe(StatusCode.Unauthenticated);
        var entries = (await _host.Audit(TestTokens.National()).ListAuditEntriesAsync(new ListAuditEntriesRequest { RecordId = opened.CaseId })).Entries;
        entries.Select(e => e.Method.Split('/')[^1]).ShouldBe(["OpenCase"]);
    }

    private static async Task Refused(Task call) =>
        (await Should.ThrowAsync<RpcException>(call)).StatusCode.ShouldBe(StatusCode.PermissionDenied);
}
