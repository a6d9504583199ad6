namespace ActorStudio.Actors.Runtime;

/// <summary>
/// Per-actor timers driven by the system's <see cref="TimeProvider"/>. Ticks arrive as ordinary messages in the
/// mailbox. Starting a timer with a key in use replaces it; a tick already queued from a cancelled or replaced timer
/// is dropped, never delivered. All timers are cancelled when the actor stops or restarts.
/// </summary>
public interface ITimerScheduler
{
    void StartSingleTimer(object key, object message, TimeSpan delay);

    void StartPeriodicTimer(object key, object message, TimeSpan interval);

    void StartPeriodicTimer(object key, object message, TimeSpan initialDelay, TimeSpan interval);

    bool IsTimerActive(object key);

    void Cancel(object key);

    void CancelAll();
}
