using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RelicSecurity.ServiceDefaults.Messaging;
using RelicSecurity.ServiceDefaults.TestWorker;

// Usage: worker consume <service-name>    runs a RecordCreated consumer until killed
//        worker produce <service-name> N  writes N records with their events, then relays until killed
// Connection strings come from ConnectionStrings__worker-db and ConnectionStrings__eventbus.
var mode = args.ElementAtOrDefault(0);
var serviceName = args.ElementAtOrDefault(1) ?? "worker";
var builder = WorkerHost.CreateBuilder(serviceName, consume: mode == "consume");
using var host = builder.Build();
await TestTables.EnsureCreatedAsync(host.Services.GetRequiredService<MessagingDatabase>().DataSource);
await host.StartAsync();
Console.WriteLine("started");

if (mode == "produce")
{
    var count = int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture);
    var first = builder.Configuration.GetValue("FirstNumber", 0);
    var dataSource = host.Services.GetRequiredService<MessagingDatabase>().DataSource;
    for (var i = 0; i < count; i++)
    {
        await RecordWriter.WriteAsync(dataSource, first + i);
    }

    Console.WriteLine($"committed {count}");
}

await host.WaitForShutdownAsync();
