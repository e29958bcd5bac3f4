using System.Collections;
using System.Collections.Concurrent;
using System.Diagnostics;

namespace RelicSecurity.EndToEnd.Tests;

/// <summary>
/// What OpenTelemetry's in-memory exporter hands over, kept thread-safe (the exporter adds as spans end,
/// while the test reads), with each span's text: names, status, every tag, every event and its tags, baggage.
/// </summary>
internal sealed class ExportedSpans : ICollection<Activity>
{
    private readonly ConcurrentQueue<Activity> _spans = new();

    public IReadOnlyList<Activity> All => [.. _spans];

    public int Count => _spans.Count;

    public bool IsReadOnly => false;

    public static IEnumerable<string> Texts(Activity span)
    {
        ArgumentNullException.ThrowIfNull(span);
        yield return span.DisplayName;
        yield return span.OperationName;
        yield return span.StatusDescription ?? "";
        foreach (var (key, value) in span.TagObjects)
        {
            yield return $"{key}={value}";
        }

        foreach (var spanEvent in span.Events)
        {
            yield return spanEvent.Name;
            foreach (var (key, value) in spanEvent.Tags)
            {
                yield return $"{key}={value}";
            }
        }

        foreach (var (key, value) in span.Baggage)
        {
            yield return $"{key}={value}";
        }
    }

    public void Add(Activity item) => _spans.Enqueue(item);

    public void Clear() => _spans.Clear();

    public bool Contains(Activity item) => _spans.Contains(item);

    public void CopyTo(Activity[] array, int arrayIndex) => _spans.ToArray().CopyTo(array, arrayIndex);

    public bool Remove(Activity item) => throw new NotSupportedException("Exported spans are only added.");

    public IEnumerator<Activity> GetEnumerator() => All.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
