using Npgsql;
using RelicSecurity.ServiceDefaults.Messaging;

namespace RelicSecurity.Bench.Events;

/// <summary>A consumer with a real effect (one row in the consumer's table) inside the inbox transaction.</summary>
public sealed class BenchConsumer(LagRecorder recorder) : IdempotentConsumer<BenchEventCommitted>
{
    protected override async Task ApplyAsync(BenchEventCommitted message, NpgsqlConnection connection, NpgsqlTransaction transaction,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("INSERT INTO bench_effects (run, number) VALUES (@run, @number)", connection, transaction);
        command.Parameters.AddWithValue("run", message.Run);
        command.Parameters.AddWithValue("number", message.Number);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The lag ends when the effect is committed, not when its statement ran.</summary>
    protected override void OnEffectCommitted(BenchEventCommitted message) => recorder.Applied(message.Run, message.Number);
}
