using EShop.DbServiceClient;
using EShop.DbServiceClient.Authentication;
using EShop.PaymentService;
using EShop.PaymentService.Payments;
using EShop.ServiceDefaults;
using EShop.ServiceDefaults.Configuration;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.Services.AddValidation();
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, PaymentServiceJson.Default));
builder.Services.AddDbServiceClient();
builder.AddBearerTokenFormatCheck();
builder.Services.AddPayments();

var app = builder.Build();
app.UseServiceDefaults();

// No policy on the group: /pay and /cancel have different callers (see PaymentEndpoints).
var api = app.MapGroup("/api/v1");
api.MapPaymentEndpoints();

return await app.RunServiceAsync();
