using EShop.DbServiceClient;
using EShop.DbServiceClient.Authentication;
using EShop.ServiceDefaults;
using EShop.ServiceDefaults.Configuration;
using EShop.UserService;
using EShop.UserService.Accounts;
using EShop.UserService.Login;
using EShop.UserService.Passwords;
using EShop.UserService.Sessions;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.Services.AddValidation();
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, UserServiceJson.Default));
builder.Services.AddDbServiceClient();
builder.AddBearerTokenAuthentication();
builder.Services.AddValidatedOptions<TokenOptions>(TokenOptions.Section);
builder.Services.AddValidatedOptions<LoginLimitOptions>(LoginLimitOptions.Section);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddPasswordHashing();
builder.Services.AddClientRateLimiting();
builder.Services.AddScoped<AccountLoginThrottle>();
builder.Services.AddScoped<SessionIssuer>();

var app = builder.Build();
app.UseServiceDefaults();
app.UseRateLimiter();

var api = app.MapGroup("/api/v1").RequireRateLimiting(ClientRateLimiting.Policy);
api.MapAccountEndpoints();
api.MapLoginEndpoints();

return await app.RunServiceAsync();
