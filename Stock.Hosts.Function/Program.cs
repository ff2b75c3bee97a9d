using Stock.Hosts.Function;

// The schema is migrated by SchemaStartup once the database answers: the function starts without it.
var app = FunctionApp.Build(args);
await app.RunAsync();
