using RelicSecurity.Cli;
using RelicSecurity.Testing;
using Shouldly;
using Xunit;

namespace RelicSecurity.EndToEnd.Tests;

/// <summary>relicctl's inspections commands through the real gateway, Inspections and Sites services.</summary>
[Collection("servers")]
public sealed class RelicCtlInspectionsTests(LocalServersFixture servers)
    : AgainstRunningSuite(servers, cases: false, inspections: true)
{
    [Fact]
    public async Task An_inspection_goes_from_plan_to_verified_rectification_with_relicctl()
    {
        var gateway = Gateway;
        var site = await RelicCtl.JsonAsync(gateway, "sites", "register", "--name", "应县木塔", "--province", "140000", "--category", "ANCIENT_BUILDING",
            "--level", "NATIONAL", "--lat", "39.5657", "--lon", "113.1836", "--facilities", "alarm,cctv,patrol,fire");
        var siteId = site.GetProperty("site_id").GetString()!;

        var planned = await RelicCtl.JsonAsync(gateway, "inspections", "plan", "--title", "木塔防火联合检查", "--province", "140000",
            "--lead", "CULTURAL_HERITAGE", "--with", "FIRE_RESCUE", "--with", "PUBLIC_SECURITY", "--site", siteId, "--from", "2027-01-05", "--to", "2027-01-20");
        var inspectionId = planned.GetProperty("inspection_id").GetString()!;
        var started = await RelicCtl.RunAsync(gateway, "inspections", "start", inspectionId);
        var finding = await RelicCtl.JsonAsync(gateway, "inspections", "finding", inspectionId, "--site", siteId, "--category", "FIRE_SAFETY",
            "--severity", "HIGH", "--description", "灭火器过期");
        var order = await RelicCtl.JsonAsync(gateway, "inspections", "rectify", finding.GetProperty("finding_id").GetString()!,
            "--unit", "应县文物管理所", "--deadline", "2027-06-30");
        var completed = await RelicCtl.RunAsync(gateway, "inspections", "complete", inspectionId);
        var verified = await RelicCtl.RunAsync(gateway, "inspections", "verify", order.GetProperty("order_id").GetString()!, "--note", "已更换");
        var listed = await RelicCtl.RunAsync(gateway, "inspections", "list", "--province", "140000");
        var orders = await RelicCtl.RunAsync(gateway, "inspections", "list", "--rectifications", "--province", "140000");

        planned.GetProperty("state").GetString().ShouldBe("INSPECTION_STATE_PLANNED");
        started.ExitCode.ShouldBe(ExitCodes.Ok, started.ToString());
        started.Output.ShouldContain("IN_PROGRESS");
        completed.ExitCode.ShouldBe(ExitCodes.Ok, completed.ToString());
        completed.Output.ShouldContain("COMPLETED");
        verified.ExitCode.ShouldBe(ExitCodes.Ok, verified.ToString());
        verified.Output.ShouldContain("VERIFIED");
        listed.Output.ShouldContain(inspectionId);
        listed.Output.ShouldContain("1 of 1 inspection(s)");
        orders.Output.ShouldContain("1 of 1 order(s)");
    }

    [Fact]
    public async Task Completing_an_inspection_that_never_started_is_refused_with_its_exit_code()
    {
        var gateway = Gateway;
        var site = await RelicCtl.JsonAsync(gateway, "sites", "register", "--name", "晋祠", "--province", "140000", "--category", "ANCIENT_BUILDING",
            "--level", "NATIONAL", "--lat", "37.7", "--lon", "112.43");
        var planned = await RelicCtl.JsonAsync(gateway, "inspections", "plan", "--title", "晋祠检查", "--province", "140000",
            "--lead", "CULTURAL_HERITAGE", "--site", site.GetProperty("site_id").GetString()!, "--from", "2027-02-01", "--to", "2027-02-10");

        var completed = await RelicCtl.RunAsync(gateway, "inspections", "complete", planned.GetProperty("inspection_id").GetString()!);
        var badDate = await RelicCtl.RunAsync(gateway, "inspections", "plan", "--title", "x", "--province", "140000", "--from", "soon", "--to", "later");

        completed.ExitCode.ShouldBe(ExitCodes.Refused, completed.ToString());
        completed.Error.ShouldStartWith("Not allowed in the record's current state:");
        badDate.ExitCode.ShouldBe(ExitCodes.Usage, badDate.ToString());
        badDate.Error.ShouldContain("--from: \"soon\" is not a date");
    }
}
