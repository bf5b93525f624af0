namespace Telephony.Storage.Cdr;

/// <summary>How a <see cref="SqliteCdrStore"/> proves it is alive and judges the owners of open rows; the defaults suit a server.</summary>
public sealed class CdrStoreOptions
{
    /// <summary>How often the store writes its heartbeat (it also beats with every batch it commits).</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>An owner whose heartbeat is older than this is gone, even when its process cannot be checked (another host).</summary>
    public TimeSpan StaleAfter { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Heartbeat and recovery times.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>This store's identity; a new one per store by default.</summary>
    public CdrInstance? Instance { get; init; }

    /// <summary>Whether another owner's process still runs; <see cref="CdrInstance.IsRunning"/> by default.</summary>
    public Func<CdrInstance, bool> IsRunning { get; init; } = CdrInstance.IsRunning;
}
