using Google.Protobuf.Reflection;
using RelicSecurity.Contracts.Sites.V1;

namespace RelicSecurity.Sites.Persistence;

/// <summary>Proto enum values as named in events: "SITE_CATEGORY_ANCIENT_TOMB" → "ANCIENT_TOMB".</summary>
public static class EnumNames
{
    private static readonly EnumDescriptor Categories = SitesReflection.Descriptor.FindTypeByName<EnumDescriptor>("SiteCategory");
    private static readonly EnumDescriptor Levels = SitesReflection.Descriptor.FindTypeByName<EnumDescriptor>("ProtectionLevel");

    public static string Of(SiteCategory category) => Strip(Categories, (int)category, "SITE_CATEGORY_");

    public static string Of(ProtectionLevel level) => Strip(Levels, (int)level, "PROTECTION_LEVEL_");

    private static string Strip(EnumDescriptor descriptor, int number, string prefix)
    {
        var name = descriptor.FindValueByNumber(number)?.Name ?? prefix + "UNSPECIFIED";
        return name.StartsWith(prefix, StringComparison.Ordinal) ? name[prefix.Length..] : name;
    }
}
