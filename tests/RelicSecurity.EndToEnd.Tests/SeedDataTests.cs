using RelicSecurity.Cli.Seed;
using RelicSecurity.Contracts.Cases.V1;
using RelicSecurity.Contracts.Inspections.V1;
using Shouldly;
using Xunit;

namespace RelicSecurity.EndToEnd.Tests;

/// <summary>The demo data's shape, without a server.</summary>
public sealed class SeedDataTests
{
    [Fact]
    public void The_national_scale_reproduces_the_surveys_category_counts_exactly()
    {
        var counts = SurveyMix.Apportion(SurveyMix.NationalTotal, [.. SurveyMix.Categories.Select(category => (double)category.Count)]);

        counts.ShouldBe(SurveyMix.Categories.Select(category => category.Count).ToArray());
        counts.Sum().ShouldBe(766_722);
    }

    [Fact]
    public void The_national_scale_seeds_a_few_thousand_cases_and_inspections_in_the_small_scales_proportions()
    {
        var now = new DateTimeOffset(2026, 12, 7, 0, 0, 0, TimeSpan.Zero);
        var national = new SeedPlans("national", SurveyMix.NationalTotal, 2026, now);
        var small = new SeedPlans("small", SurveyMix.SmallTotal, 2026, now);

        national.CaseCount.ShouldBe(6_000);
        national.InspectionCount.ShouldBe(6_000);
        small.CaseCount.ShouldBe(SurveyMix.SmallTotal / SeedPlans.SitesPerCase);
        small.InspectionCount.ShouldBe(SurveyMix.SmallTotal / SeedPlans.SitesPerInspection);
        var nationalCases = Enumerable.Range(0, national.CaseCount).Select(national.Case).ToList();
        var smallCases = Enumerable.Range(0, small.CaseCount).Select(small.Case).ToList();
        // The same draws per record: the shares stay the small scale's, within sampling error.
        (nationalCases.Average(plan => plan.Relics.Count) - smallCases.Average(plan => plan.Relics.Count)).ShouldBeInRange(-0.3, 0.3);
        (nationalCases.Count(plan => plan.Joins is not null) / (double)national.CaseCount).ShouldBeInRange(0.10, 0.18);
        (nationalCases.Count(plan => plan.Supervision == Supervision.National) / (double)national.CaseCount).ShouldBeInRange(0.02, 0.06);
        nationalCases.Select(plan => plan.Lead.Code).Distinct().Count().ShouldBe(31);
    }

    [Fact]
    public void The_small_scale_keeps_the_mix_and_gives_every_one_of_the_31_provinces_sites()
    {
        var sites = new SeedSites("small", SurveyMix.SmallTotal, 1);

        Provinces.All.Count.ShouldBe(31);
        Provinces.All.Select(province => province.Code).Distinct().Count().ShouldBe(31);
        sites.ProvinceCounts.Sum().ShouldBe(5_000);
        sites.ProvinceCounts.ShouldAllBe(count => count > 0);
        var ancientBuildings = sites.Range(0, sites.Total).Count(row => row.Site.Category == Contracts.Sites.V1.SiteCategory.AncientBuilding);
        ancientBuildings.ShouldBe((int)Math.Round(5_000 * 263_885 / 766_722.0));
    }

    [Fact]
    public void The_same_seed_gives_the_same_sites_and_another_seed_other_ones()
    {
        var once = new SeedSites("small", SurveyMix.SmallTotal, 42).Range(0, 50).ToList();
        var twice = new SeedSites("small", SurveyMix.SmallTotal, 42).Range(0, 50).ToList();
        var other = new SeedSites("small", SurveyMix.SmallTotal, 43).Range(0, 50).ToList();

        twice.ShouldBe(once);
        other.Select(row => row.Site).ShouldNotBe(once.Select(row => row.Site));
        once.Select(row => row.RequestId).Distinct().Count().ShouldBe(50);
    }

    [Fact]
    public void Every_seeded_site_lies_on_the_globe_with_a_valid_province()
    {
        var codes = Provinces.All.Select(province => province.Code).ToHashSet();
        foreach (var row in new SeedSites("small", SurveyMix.SmallTotal, 9).Range(0, SurveyMix.SmallTotal))
        {
            codes.ShouldContain(row.Site.ProvinceCode);
            row.Site.Latitude.ShouldBeInRange(-90, 90);
            row.Site.Longitude.ShouldBeInRange(-180, 180);
        }
    }

    [Fact]
    public void Seeded_cases_and_inspections_are_the_same_for_a_seed_with_distinct_request_ids_and_legal_custody_orders()
    {
        var now = new DateTimeOffset(2026, 12, 7, 0, 0, 0, TimeSpan.Zero);
        var plans = new SeedPlans("small", SurveyMix.SmallTotal, 5, now);
        var again = new SeedPlans("small", SurveyMix.SmallTotal, 5, now.AddHours(3));
        var cases = Enumerable.Range(0, plans.CaseCount).Select(plans.Case).ToList();
        var inspections = Enumerable.Range(0, plans.InspectionCount).Select(plans.Inspection).ToList();
        var relics = cases.SelectMany(plan => plan.Relics).ToList();

        cases.Select(plan => plan.RequestId).ShouldBe(Enumerable.Range(0, again.CaseCount).Select(again.Case).Select(plan => plan.RequestId));
        relics.Select(relic => relic.Relic.Title).ShouldBe(Enumerable.Range(0, again.CaseCount).Select(again.Case).SelectMany(plan => plan.Relics).Select(relic => relic.Relic.Title));
        string[] ids = [.. cases.Select(plan => plan.RequestId), .. relics.Select(relic => relic.RequestId), .. inspections.Select(plan => plan.RequestId),
            .. inspections.SelectMany(plan => plan.Findings).Select(finding => finding.RequestId)];
        ids.Distinct().Count().ShouldBe(ids.Length);
        foreach (var relic in relics.Where(relic => relic.Custody.Count > 0))
        {
            relic.Custody[0].ShouldBe(CustodyEventKind.Seized);
            if (relic.Custody.Contains(CustodyEventKind.HandedOver))
            {
                relic.Custody.ShouldBe([CustodyEventKind.Seized, CustodyEventKind.Appraised, CustodyEventKind.HandedOver]);
            }
        }

        cases.Select(plan => plan.Lead.Code).Distinct().Count().ShouldBeGreaterThan(25);
        cases.Count(plan => plan.Stage is CaseStage.Trial or CaseStage.JudgmentEffective or CaseStage.Closed).ShouldBeGreaterThan(0);
        inspections.Count(plan => plan.Reaches == InspectionState.Completed).ShouldBeGreaterThan(inspections.Count / 2);
    }
}
