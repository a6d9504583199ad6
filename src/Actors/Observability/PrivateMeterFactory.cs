using System.Diagnostics.Metrics;

namespace ActorStudio.Actors.Observability;

/// <summary>
/// An <see cref="IMeterFactory"/> for code that runs actors without a host (unit tests, tools, benchmarks):
/// meters it creates are scoped to it, so a host's exporter never sees them, and are disposed with it.
/// </summary>
public sealed class PrivateMeterFactory : IMeterFactory
{
    private readonly List<Meter> _meters = [];
    private readonly Lock _gate = new();

    public Meter Create(MeterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Scope = this;
        var meter = new Meter(options);
        lock (_gate)
        {
            _meters.Add(meter);
        }

        return meter;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var meter in _meters)
            {
                meter.Dispose();
            }

            _meters.Clear();
        }
    }
}
