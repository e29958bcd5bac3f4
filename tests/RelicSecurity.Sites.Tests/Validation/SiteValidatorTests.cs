using RelicSecurity.Contracts.Sites.V1;
using RelicSecurity.ServiceDefaults.Failures;
using RelicSecurity.Sites.Validation;
using Shouldly;
using Xunit;

namespace RelicSecurity.Sites.Tests.Validation;

public sealed class SiteValidatorTests
{
    [Fact]
    public void A_complete_site_is_valid()
    {
        Errors(SampleSites.Valid()).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("000000")]
    [InlineData("710000")] // Taiwan is not one of the 31 mainland codes
    [InlineData("810000")] // Hong Kong SAR
    [InlineData("61000")]
    [InlineData("shaanxi")]
    public void Province_codes_outside_the_31_are_rejected(string code)
    {
        var site = SampleSites.Valid();
        site.ProvinceCode = code;

        Errors(site).ShouldHaveSingleItem().ShouldStartWith("site.province_code:");
    }

    [Fact]
    public void All_31_provincial_codes_are_accepted()
    {
        RelicSecurity.ServiceDefaults.Security.ProvinceCodes.Names.Count.ShouldBe(31);
        foreach (var code in RelicSecurity.ServiceDefaults.Security.ProvinceCodes.Names.Keys)
        {
            var site = SampleSites.Valid();
            site.ProvinceCode = code;
            Errors(site).ShouldBeEmpty();
        }
    }

    [Theory]
    [InlineData(90.0000001, 0)]
    [InlineData(-90.5, 0)]
    [InlineData(123, 0)]
    [InlineData(0, 180.1)]
    [InlineData(0, -181)]
    [InlineData(double.NaN, 0)]
    public void Coordinates_out_of_range_are_rejected(double latitude, double longitude)
    {
        var site = SampleSites.Valid();
        site.Latitude = latitude;
        site.Longitude = longitude;

        Errors(site).ShouldHaveSingleItem().ShouldMatch("site\\.(latitude|longitude): .* is outside");
    }

    [Theory]
    [InlineData(90, 180)]
    [InlineData(-90, -180)]
    public void Coordinates_on_the_limits_are_accepted(double latitude, double longitude)
    {
        var site = SampleSites.Valid();
        site.Latitude = latitude;
        site.Longitude = longitude;

        Errors(site).ShouldBeEmpty();
    }

    [Fact]
    public void Every_bad_field_is_named_in_one_answer()
    {
        var site = SampleSites.Valid();
        site.Name = " ";
        site.ProvinceCode = "999999";
        site.Category = SiteCategory.Unspecified;
        site.ProtectionLevel = ProtectionLevel.Unspecified;
        site.Latitude = 123;
        site.Longitude = 200;
        site.ResponsiblePhone = "call me";

        var errors = Errors(site);

        errors.Select(e => e[..e.IndexOf(':', StringComparison.Ordinal)]).ShouldBe(
        [
            "site.name", "site.province_code", "site.category", "site.protection_level",
            "site.latitude", "site.longitude", "site.responsible_phone",
        ]);
    }

    [Fact]
    public void An_unknown_enum_number_is_rejected()
    {
        var site = SampleSites.Valid();
        site.Category = (SiteCategory)42;

        Errors(site).ShouldHaveSingleItem().ShouldBe("site.category: 42 is not a SiteCategory");
    }

    [Fact]
    public void A_missing_site_is_rejected()
    {
        var errors = new FieldErrors();
        SiteValidator.CheckSite(null, errors);

        errors.Items.ShouldHaveSingleItem().ShouldBe("site: is required");
    }

    [Theory]
    [InlineData(0, 50)]
    [InlineData(1, 1)]
    [InlineData(500, 500)]
    public void Page_sizes_up_to_500_are_accepted_and_zero_means_50(int requested, int used)
    {
        var errors = new FieldErrors();

        SiteValidator.CheckPageSize(requested, errors).ShouldBe(used);
        errors.Any.ShouldBeFalse();
    }

    [Theory]
    [InlineData(501)]
    [InlineData(-1)]
    public void Page_sizes_outside_0_to_500_are_rejected(int requested)
    {
        var errors = new FieldErrors();

        SiteValidator.CheckPageSize(requested, errors);

        errors.Items.ShouldHaveSingleItem().ShouldStartWith("page_size:");
    }

    private static IReadOnlyList<string> Errors(Site site)
    {
        var errors = new FieldErrors();
        SiteValidator.CheckSite(site, errors);
        return errors.Items;
    }
}
