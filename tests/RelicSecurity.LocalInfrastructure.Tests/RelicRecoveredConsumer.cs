using MassTransit;

namespace RelicSecurity.LocalInfrastructure.Tests;

public sealed class RelicRecoveredConsumer(ConsumedMessages consumed) : IConsumer<RelicRecovered>
{
    public Task Consume(ConsumeContext<RelicRecovered> context)
    {
        consumed.Received.TrySetResult(context.Message);
        return Task.CompletedTask;
    }
}
