using RelicSecurity.Bench.Events;

// Prints sustained events/s through outbox → RabbitMQ → idempotent consumer and the lag from a write's
// commit to its consumer's effect. Starts private PostgreSQL and RabbitMQ servers unless
// --postgres <connection string of an admin database> and --eventbus <amqp uri> are given.
var options = BenchOptions.Parse(args);
using var signals = new StopSignals();
var loadBefore = MachineLoad.Read();
try
{
    await using var bench = await EventsBench.StartAsync(options, signals.Token);
    var results = new List<RunResult>();
    foreach (var run in options.Runs())
    {
        results.Add(await bench.RunAsync(run, signals.Token));
    }

    ResultTable.Print(results, $"{bench.Servers}; load average before {loadBefore}, after {MachineLoad.Read()}", Console.Out);
    return 0;
}
catch (OperationCanceledException) when (signals.Token.IsCancellationRequested)
{
    // The using above has stopped the hosts and the servers by now.
    Console.Error.WriteLine("benchmark interrupted; servers stopped");
    return signals.ExitCode;
}
