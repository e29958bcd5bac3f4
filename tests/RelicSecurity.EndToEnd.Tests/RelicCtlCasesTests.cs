using RelicSecurity.Cli;
using RelicSecurity.Testing;
using Shouldly;
using Xunit;

namespace RelicSecurity.EndToEnd.Tests;

/// <summary>relicctl's cases and audit commands through the real gateway, Cases and Sites services.</summary>
[Collection("servers")]
public sealed class RelicCtlCasesTests(LocalServersFixture servers)
    : AgainstRunningSuite(servers, cases: true, inspections: false)
{
    [Fact]
    public async Task A_joint_supervised_case_with_a_stolen_relic_is_worked_with_relicctl()
    {
        var gateway = Gateway;
        var site = await RelicCtl.JsonAsync(gateway, "sites", "register", "--name", "海昏侯墓", "--province", "360000", "--category", "ANCIENT_TOMB",
            "--level", "NATIONAL", "--lat", "28.87", "--lon", "115.95");
        var opened = await RelicCtl.JsonAsync(gateway, "cases", "open", "--title", "海昏侯墓盗掘案", "--type", "illegal-excavation", "--province", "360000",
            "--agency", "PUBLIC_SECURITY", "--occurred", "2026-10-03T02:00+08:00", "--summary", "盗洞两处", "--site", site.GetProperty("site_id").GetString()!,
            "--request-id", "relicctl-case-1");
        var caseId = opened.GetProperty("case_id").GetString()!;
        var reopened = await RelicCtl.JsonAsync(gateway, "cases", "open", "--title", "海昏侯墓盗掘案", "--type", "illegal-excavation", "--province", "360000",
            "--agency", "PUBLIC_SECURITY", "--occurred", "2026-10-03T02:00+08:00", "--request-id", "relicctl-case-1");
        var filed = await RelicCtl.RunAsync(gateway, "cases", "advance", caseId, "--to", "FILED", "--note", "立案", "--expected-version",
            opened.GetProperty("version").GetString()!);
        var joined = await RelicCtl.RunAsync(gateway, "cases", "join", caseId, "--province", "420000");
        var supervised = await RelicCtl.RunAsync(gateway, "cases", "supervise", caseId, "--level", "national");
        var stolen = await RelicCtl.JsonAsync(gateway, "cases", "relic", "add", caseId, "--title", "青铜雁鱼灯", "--type", "bronze/lamp", "--grade", "GRADE_1",
            "--status", "STOLEN", "--material", "bronze", "--period", "Western Han", "--height-cm", "54", "--features", "雁颈可拆卸",
            "--description", "bronze lamp shaped as a wild goose holding a fish", "--request-id", "relicctl-relic-1");
        var seized = await RelicCtl.JsonAsync(gateway, "cases", "relic", "add", caseId, "--title", "马蹄金", "--type", "metal/ingot", "--grade", "GRADE_1",
            "--status", "STOLEN", "--material", "gold", "--period", "Western Han", "--request-id", "relicctl-relic-2");
        var custody = await RelicCtl.RunAsync(gateway, "cases", "custody", seized.GetProperty("relic_id").GetString()!, "--kind", "SEIZED",
            "--holder", "南昌市公安局", "--note", "缴获");
        var matched = await RelicCtl.RunAsync(gateway, "cases", "match", "--text", "goose lamp bronze", "--type", "bronze/lamp", "--period", "Western Han");
        var shown = await RelicCtl.RunAsync(gateway, "cases", "get", caseId);
        var relicShown = await RelicCtl.RunAsync(gateway, "cases", "relic", "get", seized.GetProperty("relic_id").GetString()!);
        var listed = await RelicCtl.RunAsync(gateway, "cases", "list", "--province", "420000", "--supervision", "NATIONAL");
        var relics = await RelicCtl.RunAsync(gateway, "cases", "relic", "list", "--case", caseId, "--status", "stolen");
        var audit = await RelicCtl.RunAsync(gateway, "audit", "--record", caseId);

        reopened.GetProperty("case_id").GetString().ShouldBe(caseId);
        opened.GetProperty("stage").GetString().ShouldBe("CASE_STAGE_REPORTED");
        filed.ExitCode.ShouldBe(ExitCodes.Ok, filed.ToString());
        filed.Output.ShouldContain("FILED");
        joined.Output.ShouldContain("lead 360000 + 420000");
        supervised.Output.ShouldContain("supervision NATIONAL");
        stolen.GetProperty("status").GetString().ShouldBe("RELIC_STATUS_STOLEN");
        custody.ExitCode.ShouldBe(ExitCodes.Ok, custody.ToString());
        custody.Output.ShouldContain("SEIZED");
        matched.ExitCode.ShouldBe(ExitCodes.Ok, matched.ToString());
        matched.Output.ShouldContain(stolen.GetProperty("relic_id").GetString()!);
        matched.Output.ShouldNotContain(seized.GetProperty("relic_id").GetString()!);
        shown.Output.ShouldContain("REPORTED -> FILED");
        shown.Output.ShouldContain("立案");
        relicShown.ExitCode.ShouldBe(ExitCodes.Ok, relicShown.ToString());
        relicShown.Output.ShouldContain("holder: 南昌市公安局");
        relicShown.Output.ShouldContain("缴获");
        listed.Output.ShouldContain(caseId);
        listed.Output.ShouldContain("1 of 1 case(s)");
        relics.Output.ShouldContain("1 of 1 relic(s)");
        audit.ExitCode.ShouldBe(ExitCodes.Ok, audit.ToString());
        audit.Output.ShouldContain("AdvanceCase");
        audit.Output.ShouldContain("SetSupervision");
    }

    [Fact]
    public async Task Refusals_of_the_cases_service_come_back_as_sentences_and_exit_codes()
    {
        var gateway = Gateway;
        var opened = await RelicCtl.JsonAsync(gateway, "cases", "open", "--title", "石刻佛首被盗案", "--type", "STONE_CARVING_THEFT", "--province", "140000",
            "--agency", "PUBLIC_SECURITY", "--occurred", "2026-11-20");
        var caseId = opened.GetProperty("case_id").GetString()!;

        var skipped = await RelicCtl.RunAsync(gateway, "cases", "advance", caseId, "--to", "INVESTIGATING");
        var stale = await RelicCtl.RunAsync(gateway, "cases", "advance", caseId, "--to", "FILED", "--expected-version", "99");
        var missing = await RelicCtl.RunAsync(gateway, "cases", "get", Guid.NewGuid().ToString());
        var invalid = await RelicCtl.RunAsync(gateway, "cases", "relic", "add", caseId, "--title", "佛首");
        var provincialSupervision = await RelicCtl.RunAsAsync(gateway, TestTokens.Provincial("140000"), "cases", "supervise", caseId, "--level", "NATIONAL");
        var provincialAudit = await RelicCtl.RunAsAsync(gateway, TestTokens.Provincial("140000"), "audit");
        var badStage = await RelicCtl.RunAsync(gateway, "cases", "advance", caseId, "--to", "LATER");

        skipped.ExitCode.ShouldBe(ExitCodes.Refused, skipped.ToString());
        skipped.Error.ShouldStartWith("Not allowed in the record's current state:");
        stale.ExitCode.ShouldBe(ExitCodes.Conflict, stale.ToString());
        stale.Error.ShouldStartWith("Someone changed it meanwhile:");
        missing.ExitCode.ShouldBe(ExitCodes.NotFound, missing.ToString());
        invalid.ExitCode.ShouldBe(ExitCodes.Refused, invalid.ToString());
        invalid.Error.ShouldContain("object_type");
        invalid.Error.ShouldContain("grade");
        provincialSupervision.ExitCode.ShouldBe(ExitCodes.Denied, provincialSupervision.ToString());
        provincialAudit.ExitCode.ShouldBe(ExitCodes.Denied, provincialAudit.ToString());
        provincialAudit.Error.ShouldStartWith("Your token may not do this");
        badStage.ExitCode.ShouldBe(ExitCodes.Usage, badStage.ToString());
    }
}
