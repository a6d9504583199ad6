using ActorStudio.SignalRBaseline;

// The SignalR baseline of the fan-out benchmark (bench/run-fanout.sh); listens where --urls says.
await BaselineApp.Create(args).RunAsync();
