using RelicSecurity.ServiceDefaults.Messaging;
using Shouldly;
using Xunit;

namespace RelicSecurity.ServiceDefaults.Tests.Messaging;

public sealed class EventTypeNamesTests
{
    [Fact]
    public void An_event_type_name_resolves_back_to_its_type()
    {
        var name = EventTypeNames.NameOf(typeof(ThingHappened));
        name.ShouldBe("RelicSecurity.ServiceDefaults.Tests.Messaging.ThingHappened, RelicSecurity.ServiceDefaults.Tests");
        EventTypeNames.Resolve(name).ShouldBe(typeof(ThingHappened));
    }

    [Fact]
    public void An_unknown_event_type_name_resolves_to_nothing()
    {
        EventTypeNames.Resolve("Nowhere.Gone, Missing.Assembly").ShouldBeNull();
    }

    [Fact]
    public void An_event_type_outside_a_namespace_is_rejected()
    {
        var error = Should.Throw<ArgumentException>(() => EventTypeNames.NameOf(typeof(EventWithoutNamespace)));
        error.Message.ShouldContain("namespace");
    }
}
