using MassTransit;

namespace RelicSecurity.Sites.Consumers;

public static class SitesConsumers
{
    /// <summary>The Cases and Inspections events that move a site's risk inputs (queues "sites-case-opened", ...).</summary>
    public static void AddSitesConsumers(this IBusRegistrationConfigurator bus)
    {
        ArgumentNullException.ThrowIfNull(bus);
        bus.AddConsumer<CaseOpenedConsumer>();
        bus.AddConsumer<CaseStageChangedConsumer>();
        bus.AddConsumer<FindingRecordedConsumer>();
        bus.AddConsumer<RectificationVerifiedConsumer>();
        bus.AddConsumer<RectificationOverdueConsumer>();
        bus.AddConsumer<InspectionCompletedConsumer>();
    }
}
