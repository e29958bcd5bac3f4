using MassTransit;

namespace RelicSecurity.Testing;

/// <summary>
/// Publishes events to the real RabbitMQ as another service's outbox relay would: confirmed, with a chosen message id
/// (the inbox's key), so a test can send an exact repeat (same id) or the same content under a new id.
/// </summary>
public sealed class TestEventBus : IAsyncDisposable
{
    private readonly IBusControl _bus;

    private TestEventBus(IBusControl bus) => _bus = bus;

    public List<Guid> Published { get; } = [];

    public static async Task<TestEventBus> StartAsync(string eventBus)
    {
        var bus = Bus.Factory.CreateUsingRabbitMq(rabbit => rabbit.Host(new Uri(eventBus), host => host.PublisherConfirmation = true));
        await bus.StartAsync();
        return new TestEventBus(bus);
    }

    public async Task<Guid> PublishAsync<T>(T message, Guid? messageId = null)
        where T : class
    {
        var id = messageId ?? Guid.NewGuid();
        await _bus.Publish(message, context => context.MessageId = id);
        Published.Add(id);
        return id;
    }

    public async ValueTask DisposeAsync() => await _bus.StopAsync();
}
