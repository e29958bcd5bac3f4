using MassTransit;
using Microsoft.Extensions.Logging;
using RelicSecurity.Contracts.Events.Sites;
using RelicSecurity.Inspections.Application;
using RelicSecurity.Inspections.Domain;

namespace RelicSecurity.Inspections.Consumers;

/// <summary>
/// Feeds a site's risk changes to the RISK_TRIGGERED rule (<see cref="RiskTriggeredPlanner"/>): a rise into HIGH or
/// CRITICAL plans an inspection within 14 days unless one is PLANNED or IN_PROGRESS for the site. Not on the inbox:
/// the planner decides and inserts in its own transaction under a per-site lock, and the message id is the new
/// inspection's request_id, so a redelivery plans nothing twice, and a copy under another id, or any number of
/// further rises, finds the planned inspection and plans none.
/// </summary>
public sealed partial class SiteRiskChangedConsumer(RiskTriggeredPlanner planner, ILogger<SiteRiskChangedConsumer> logger)
    : IConsumer<SiteRiskChanged>
{
    public async Task Consume(ConsumeContext<SiteRiskChanged> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var message = context.Message;
        if (!Guid.TryParse(message.SiteId, out var siteId) || LevelOf(message.OldLevel) is not { } from || LevelOf(message.NewLevel) is not { } to)
        {
            LogUnreadable(logger, message.SiteId, message.OldLevel, message.NewLevel);
            return;
        }

        var triggerId = (context.MessageId ?? throw new InvalidOperationException("SiteRiskChanged arrived without a message id.")).ToString();
        var planned = await planner.PlanIfDueAsync(new SiteRiskRise(siteId, message.ProvinceCode, from, to), triggerId, context.CancellationToken);
        if (planned is not null)
        {
            LogPlanned(logger, planned.InspectionId, message.SiteId, message.NewLevel);
        }
    }

    private static SiteRiskLevel? LevelOf(string level) => level switch
    {
        "LOW" => SiteRiskLevel.Low,
        "MEDIUM" => SiteRiskLevel.Medium,
        "HIGH" => SiteRiskLevel.High,
        "CRITICAL" => SiteRiskLevel.Critical,
        _ => null,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Planned RISK_TRIGGERED inspection {InspectionId} for site {SiteId} (risk now {Level})")]
    private static partial void LogPlanned(ILogger logger, Guid inspectionId, string siteId, string level);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ignored a SiteRiskChanged of site {SiteId} with levels {From} → {To} this service cannot read")]
    private static partial void LogUnreadable(ILogger logger, string siteId, string from, string to);
}
