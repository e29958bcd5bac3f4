using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using RelicSecurity.Cli;
using RelicSecurity.Contracts.Sites.V1;
using RelicSecurity.Testing;
using Shouldly;
using Xunit;

namespace RelicSecurity.EndToEnd.Tests;

/// <summary>relicctl's sites commands against the real Sites service behind the real gateway.</summary>
[Collection("servers")]
public sealed class RelicCtlSitesTests(LocalServersFixture servers) : IAsyncLifetime
{
    private WebApplication _sites = null!;
    private WebApplication _gateway = null!;
    private string _scratch = "";

    private string Gateway => _gateway.Urls.Single();

    public async Task InitializeAsync()
    {
        _sites = await SuiteHosts.StartSitesAsync(servers);
        _gateway = await SuiteHosts.StartGatewayAsync(_sites.Urls.Single());
        _scratch = Directory.CreateTempSubdirectory("relicctl-test-").FullName;
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _sites.DisposeAsync();
        Directory.Delete(_scratch, recursive: true);
    }

    [Fact]
    public async Task A_site_registered_with_relicctl_is_shown_by_get_list_and_nearby()
    {
        var registered = await RelicCtl.RunAsync(Gateway, "sites", "register", "--output", "json",
            "--name", "莫高窟", "--province", "620000", "--county", "敦煌市", "--category", "cave-temple-and-stone-carving",
            "--level", "NATIONAL", "--lat", "40.0415", "--lon", "94.8040", "--custodian", "敦煌研究院",
            "--responsible", "赵明", "--phone", "0937 886 9000", "--facilities", "alarm,cctv,patrol");
        registered.ExitCode.ShouldBe(ExitCodes.Ok, registered.ToString());
        var siteId = JsonDocument.Parse(registered.Output).RootElement.GetProperty("site_id").GetString()!;

        var get = await RelicCtl.RunAsync(Gateway, "sites", "get", siteId);
        var list = await RelicCtl.RunAsync(Gateway, "sites", "list", "--province", "620000");
        var nearby = await RelicCtl.RunAsync(Gateway, "sites", "nearby", "--lat", "40.04", "--lon", "94.80", "--radius-km", "5");

        get.ExitCode.ShouldBe(ExitCodes.Ok, get.ToString());
        get.Output.ShouldContain("name:               莫高窟");
        get.Output.ShouldContain("category:           CAVE_TEMPLE_AND_STONE_CARVING");
        get.Output.ShouldContain("facilities:         alarm=yes cctv=yes patrol=yes fire=no");
        get.Output.ShouldContain("risk:               LOW (score 1:");
        list.ExitCode.ShouldBe(ExitCodes.Ok, list.ToString());
        list.Output.ShouldContain(siteId, customMessage: list.Output);
        list.Output.ShouldContain("1 of 1 site(s)");
        nearby.ExitCode.ShouldBe(ExitCodes.Ok, nearby.ToString());
        nearby.Output.ShouldContain(siteId);
        nearby.Output.ShouldContain("1 site(s) within 5 km");
    }

    [Fact]
    public async Task A_csv_import_loads_the_good_rows_names_the_bad_one_by_line_and_repeats_without_duplicates()
    {
        var file = Path.Combine(_scratch, "sites.csv");
        await File.WriteAllTextAsync(file,
            "name,province_code,county,category,protection_level,latitude,longitude,custodian_unit,responsible_person,responsible_phone,intrusion_alarm,cctv,night_patrol,fire_protection\n" +
            "兵马俑,610000,临潼区,ANCIENT_TOMB,NATIONAL,34.3853,109.2786,秦始皇帝陵博物院,王强,029 8139 9001,true,true,true,true\n" +
            "\"Site, with comma\",610000,,ancient-site,registered,34.30,108.90,,,,no,no,no,no\n" +
            "Nowhere,990000,,OTHER,REGISTERED,34.0,108.0,,,,,,,\n");

        var first = await RelicCtl.RunAsync(Gateway, "sites", "import", file);
        var again = await RelicCtl.RunAsync(Gateway, "sites", "import", file);
        var list = await RelicCtl.RunAsync(Gateway, "sites", "list", "--province", "610000", "--output", "json");

        first.ExitCode.ShouldBe(ExitCodes.Partial, first.ToString());
        first.Output.ShouldContain("imported 2, already there 0, rejected 1 of 3 row(s)");
        first.Output.ShouldContain("row 2 (line 4):");
        first.Output.ShouldContain("990000");
        again.Output.ShouldContain("imported 0, already there 2, rejected 1 of 3 row(s)");
        var listed = JsonDocument.Parse(list.Output).RootElement;
        listed.GetProperty("total_size").GetInt32().ShouldBe(2);
        listed.GetProperty("sites").EnumerateArray().Select(site => site.GetProperty("name").GetString()).ShouldBe(["Site, with comma", "兵马俑"], ignoreOrder: true);
    }

    [Fact]
    public async Task A_json_import_prints_the_summary_as_json_for_scripts()
    {
        var file = Path.Combine(_scratch, "sites.json");
        await File.WriteAllTextAsync(file, """
            [
              {"name": "应县木塔", "province_code": "140000", "category": "SITE_CATEGORY_ANCIENT_BUILDING", "protection_level": "PROTECTION_LEVEL_NATIONAL",
               "latitude": 39.5657, "longitude": 113.1836, "facilities": {"fire_protection": true}},
              {"site": {"name": "云冈石窟", "province_code": "140000", "category": "SITE_CATEGORY_CAVE_TEMPLE_AND_STONE_CARVING",
               "protection_level": "PROTECTION_LEVEL_NATIONAL", "latitude": 40.1100, "longitude": 113.1222}, "request_id": "yungang-1"}
            ]
            """);

        var run = await RelicCtl.RunAsync(Gateway, "sites", "import", file, "--output", "json");

        run.ExitCode.ShouldBe(ExitCodes.Ok, run.ToString());
        var summary = JsonDocument.Parse(run.Output).RootElement;
        summary.GetProperty("imported").GetInt32().ShouldBe(2);
        summary.GetProperty("rejected").GetInt32().ShouldBe(0);
    }

    [Fact]
    public async Task Watch_prints_the_risk_change_of_a_site_and_stops_after_count()
    {
        using var channel = GrpcChannel.ForAddress(Gateway);
        var client = new SiteService.SiteServiceClient(channel.WithToken(TestTokens.National()));
        var site = await client.RegisterSiteAsync(new RegisterSiteRequest
        {
            RequestId = "watch-1",
            Site = new Site
            {
                Name = "滕王阁", ProvinceCode = "360000", Category = SiteCategory.AncientBuilding, ProtectionLevel = ProtectionLevel.Provincial,
                Latitude = 28.6806, Longitude = 115.8803,
                Facilities = new SecurityFacilities { IntrusionAlarm = true, Cctv = true, NightPatrol = true, FireProtection = true },
            },
        });

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var watch = RelicCtl.RunAsync(Gateway, "sites", "watch", "--province", "360000", "--count", "1");
        await SuiteHosts.WaitForWatchersAsync(_sites, 1, timeout.Token);
        var change = site.Clone();
        change.Facilities = new SecurityFacilities { FireProtection = true };
        await client.UpdateSiteAsync(new UpdateSiteRequest { Site = change, ExpectedVersion = site.Version });

        var run = await watch.WaitAsync(timeout.Token);
        run.ExitCode.ShouldBe(ExitCodes.Ok, run.ToString());
        run.Output.ShouldContain(site.SiteId);
        run.Output.ShouldContain("LOW -> MEDIUM  score 0 -> 3");
    }

    [Fact]
    public async Task Each_failure_is_a_sentence_on_stderr_and_its_own_exit_code()
    {
        var missing = await RelicCtl.RunAsync(Gateway, "sites", "get", Guid.NewGuid().ToString());
        var invalid = await RelicCtl.RunAsync(Gateway, "sites", "register", "--name", "", "--province", "123456", "--lat", "91");
        var badOption = await RelicCtl.RunAsync(Gateway, "sites", "list", "--category", "PYRAMID");
        var badFile = await RelicCtl.RunAsync(Gateway, "sites", "import", Path.Combine(_scratch, "absent.csv"));
        var down = await RelicCtl.RunAsync($"127.0.0.1:{ClosedPort()}", "sites", "list");

        missing.ExitCode.ShouldBe(ExitCodes.NotFound, missing.ToString());
        missing.Error.ShouldStartWith("Not found:");
        invalid.ExitCode.ShouldBe(ExitCodes.Refused, invalid.ToString());
        invalid.Error.ShouldStartWith("The request was refused as invalid:");
        invalid.Error.ShouldContain("\n  site.name: is required");
        invalid.Error.ShouldContain("\n  site.latitude:");
        invalid.Error.ShouldContain("\n  site.province_code:");
        badOption.ExitCode.ShouldBe(ExitCodes.Usage, badOption.ToString());
        badOption.Error.ShouldContain("\"PYRAMID\" is not one of ANCIENT_SITE");
        badFile.ExitCode.ShouldBe(ExitCodes.Usage, badFile.ToString());
        badFile.Error.ShouldContain("no such file");
        down.ExitCode.ShouldBe(ExitCodes.Unavailable, down.ToString());
        down.Error.ShouldContain("Safe to retry");
    }

    [Fact]
    public async Task Without_a_token_or_outside_its_province_relicctl_says_so_and_exits_denied()
    {
        var anonymous = await RelicCtl.RunAsAsync(Gateway, "", "sites", "list");
        var shaanxi = TestTokens.Provincial("610000", "sites.read", "sites.write");
        var elsewhere = await RelicCtl.RunAsAsync(Gateway, shaanxi, "sites", "register", "--name", "滕王阁", "--province", "360000",
            "--category", "ANCIENT_BUILDING", "--level", "PROVINCIAL", "--lat", "28.68", "--lon", "115.88");

        anonymous.ExitCode.ShouldBe(ExitCodes.Denied, anonymous.ToString());
        anonymous.Error.ShouldStartWith("Not signed in:");
        anonymous.Error.ShouldContain("RELIC_TOKEN");
        elsewhere.ExitCode.ShouldBe(ExitCodes.Denied, elsewhere.ToString());
        elsewhere.Error.ShouldStartWith("Your token may not do this");
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
