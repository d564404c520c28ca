using EShop.DbService.Commands;
using EShop.DbService.Contracts;
using EShop.DbService.Database;
using EShop.DbService.Endpoints;
using EShop.ServiceDefaults;
using EShop.ServiceDefaults.Configuration;

if (DatabaseCommands.IsCommand(args)) return await DatabaseCommands.RunAsync(args);

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.Services.AddValidation();
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, DbServiceJson.Default));
builder.Services.AddDbServiceData();

var app = builder.Build();
app.UseServiceDefaults();

var api = app.MapGroup("/api/v1").RequireInternalCaller();
api.MapUserEndpoints();
api.MapLoginFailureEndpoints();
api.MapSessionEndpoints();
api.MapCardEndpoints();
api.MapProductEndpoints();
api.MapIdempotencyEndpoints();
api.MapPaymentEndpoints();
api.MapPayEndpoints();
api.MapRateLimitEndpoints();
api.MapReconcilerLockEndpoints();

return await app.RunServiceAsync();
