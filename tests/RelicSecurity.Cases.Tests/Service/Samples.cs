using Google.Protobuf.WellKnownTypes;
using RelicSecurity.Contracts.Cases.V1;
using RelicSecurity.Contracts.Sites.V1;

namespace RelicSecurity.Cases.Tests.Service;

/// <summary>Realistic requests for the service tests.</summary>
internal static class Samples
{
    public static OpenCaseRequest OpenCase(string province = "610000", string requestId = "", params string[] siteIds)
    {
        var request = new OpenCaseRequest
        {
            Title = "秦岭北麓古墓被盗掘案",
            Type = CaseType.IllegalExcavation,
            LeadProvinceCode = province,
            LeadAgency = Agency.PublicSecurity,
            OccurredAt = Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 3, 14, 2, 0, 0, TimeSpan.FromHours(8))),
            Summary = "村民夜间发现盗洞，现场遗留洛阳铲。",
            RequestId = requestId,
        };
        request.SiteIds.AddRange(siteIds);
        return request;
    }

    public static Relic Relic(string title = "青铜饕餮纹鼎", RelicStatus status = RelicStatus.Seized) => new()
    {
        ObjectType = "bronze/ding",
        Title = title,
        Materials = { "bronze" },
        Techniques = { "casting" },
        Measurements = new Measurements { HeightCm = 38.5, DiameterCm = 30.2, WeightKg = 12.4 },
        InscriptionsMarkings = "腹内壁铸铭文六字",
        Period = "Western Zhou",
        Subject = "taotie mask",
        DistinguishingFeatures = "one leg repaired",
        Description = "Bronze tripod cauldron with taotie masks on the belly.",
        InventoryNumber = "SX-2026-0001",
        PlaceOfOrigin = "宝鸡",
        Grade = RelicGrade.Grade1,
        Status = status,
        CurrentHolder = "宝鸡市公安局",
    };

    public static Site Site(string province = "610000") => new()
    {
        Name = "周原遗址",
        ProvinceCode = province,
        County = "岐山县",
        Category = SiteCategory.AncientSite,
        ProtectionLevel = ProtectionLevel.National,
        Latitude = 34.47,
        Longitude = 107.87,
        CustodianUnit = "周原博物馆",
        ResponsiblePerson = "李明",
        ResponsiblePhone = "+86 917 000 0000",
        Facilities = new SecurityFacilities { IntrusionAlarm = true, Cctv = true, NightPatrol = true, FireProtection = true },
    };
}
