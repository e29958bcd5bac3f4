using System.Globalization;

namespace RelicSecurity.Cases.Domain;

/// <summary>
/// The human-readable case number "&lt;province&gt;-&lt;year&gt;-&lt;seq&gt;". The year is the calendar year in China
/// (UTC+8, no daylight saving): a case opened on 1 January at 07:00 Beijing time belongs to the new year even
/// though it is still 31 December in UTC. The sequence is padded to four digits so numbers sort as text.
/// </summary>
public static class CaseNumber
{
    private static readonly TimeSpan ChinaStandardTime = TimeSpan.FromHours(8);

    public static int YearOf(DateTimeOffset openedAt) => openedAt.ToOffset(ChinaStandardTime).Year;

    public static string Format(string provinceCode, int year, int sequence) =>
        string.Create(CultureInfo.InvariantCulture, $"{provinceCode}-{year}-{sequence:D4}");
}
