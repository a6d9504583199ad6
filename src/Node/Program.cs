using ActorStudio.Node.Hosting;

var app = StudioHost.Build(args);
await app.RunAsync().ConfigureAwait(false);
