using System.CommandLine;
using ActorStudio.LoadTester.Cli;
using ActorStudio.LoadTester;

// Run socket completions on the epoll thread: the receive handlers are short and never block, and a
// thread-pool hop per received frame is most of a many-socket client's CPU. Read when sockets start, so set first.
Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");

var command = new LoadTesterCommand();
command.Root.SetAction(async (parseResult, cancellationToken) =>
{
    LoadTestOptions options = command.ToOptions(parseResult);
    return await LoadTestApp.RunAsync(options, cancellationToken).ConfigureAwait(false);
});
return await command.Root.Parse(args).InvokeAsync().ConfigureAwait(false);
