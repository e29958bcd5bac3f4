using System.Collections;
using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace RelicSecurity.EndToEnd.Tests;

/// <summary>One log entry as text: its message, exception, structured values and every scope around it.</summary>
internal sealed record CapturedLog(string Category, LogLevel Level, IReadOnlyList<string> Texts);

/// <summary>
/// An in-memory logger provider for one host: everything logged, at every level it is enabled for, kept as
/// the text a sink could write (formatted message, exception with its inner ones, each structured value,
/// each scope and its values).
/// </summary>
internal sealed class CapturedLogs : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<CapturedLog> _entries = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public IReadOnlyList<CapturedLog> Entries => [.. _entries];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private static void AddValues(List<string> texts, object? state)
    {
        if (state is IEnumerable<KeyValuePair<string, object?>> pairs)
        {
            foreach (var (key, value) in pairs)
            {
                texts.Add($"{key}={Text(value)}");
            }
        }
    }

    private static string Text(object? value) => value switch
    {
        null => "",
        string text => text,
        IEnumerable items => string.Join(",", items.Cast<object?>().Select(Text)),
        _ => value.ToString() ?? "",
    };

    private sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => owner._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var texts = new List<string> { formatter(state, exception) };
            if (exception is not null)
            {
                texts.Add(exception.ToString());
            }

            AddValues(texts, state);
            owner._scopes.ForEachScope((scope, list) =>
            {
                list.Add(Text(scope));
                AddValues(list, scope);
            }, texts);
            owner._entries.Enqueue(new CapturedLog(category, logLevel, texts));
        }
    }
}
