using Stock.Hosts.Function;

var app = FunctionApp.Build(args);
await app.Services.GetRequiredService<Stock.Infrastructure.Persistence.IStockDatabase>().MigrateAsync(CancellationToken.None);
await app.RunAsync();
