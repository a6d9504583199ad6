using System.CommandLine;
using ActorStudio.LoadTester.Cli;
using ActorStudio.LoadTester;

var command = new LoadTesterCommand();
command.Root.SetAction(async (parseResult, cancellationToken) =>
{
    LoadTestOptions options = command.ToOptions(parseResult);
    return await LoadTestApp.RunAsync(options, cancellationToken).ConfigureAwait(false);
});
return await command.Root.Parse(args).InvokeAsync().ConfigureAwait(false);
