using EShop.ServiceDefaults;
using EShop.ServiceDefaults.Configuration;
using EShop.VendorSimulator;
using EShop.VendorSimulator.Api;
using EShop.VendorSimulator.Charges;
using EShop.VendorSimulator.Faults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.Services.AddValidation();
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, VendorSimulatorJson.Default));
builder.Services.AddValidatedOptions<SimulatorOptions>(SimulatorOptions.Section);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<ChargeLedger>();
builder.Services.AddSingleton<FaultInjector>();

var app = builder.Build();
app.UseServiceDefaults();
app.UseApiKeyProtection();

app.MapGroup($"/v1/{VendorEndpoints.VendorSegment}").MapVendorEndpoints();
app.MapGroup("/admin").MapAdminEndpoints();

return await app.RunServiceAsync();
