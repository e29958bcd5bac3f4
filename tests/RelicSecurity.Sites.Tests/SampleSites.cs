using RelicSecurity.Contracts.Sites.V1;

namespace RelicSecurity.Sites.Tests;

/// <summary>Realistic site fixtures.</summary>
internal static class SampleSites
{
    public static Site Valid(string name = "秦始皇陵", string province = "610000", double latitude = 34.381, double longitude = 109.254) => new()
    {
        Name = name,
        ProvinceCode = province,
        County = "临潼区",
        Category = SiteCategory.AncientTomb,
        ProtectionLevel = ProtectionLevel.National,
        Latitude = latitude,
        Longitude = longitude,
        CustodianUnit = "秦始皇帝陵博物院",
        ResponsiblePerson = "王建国",
        ResponsiblePhone = "+86 29 8139 9001",
        Facilities = new SecurityFacilities { IntrusionAlarm = true, Cctv = true, NightPatrol = true, FireProtection = true },
    };
}
