using RelicSecurity.Bench.Events;

// Prints sustained events/s through outbox → RabbitMQ → idempotent consumer and the lag from a write's
// commit to its consumer's effect. Starts private PostgreSQL and RabbitMQ servers unless
// --postgres <connection string of an admin database> and --eventbus <amqp uri> are given.
var options = BenchOptions.Parse(args);
var loadBefore = MachineLoad.Read();
await using var bench = await EventsBench.StartAsync(options);
var results = new List<RunResult>();
foreach (var run in options.Runs())
{
    results.Add(await bench.RunAsync(run));
}

ResultTable.Print(results, $"{bench.Servers}; load average before {loadBefore}, after {MachineLoad.Read()}", Console.Out);
