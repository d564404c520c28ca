using EShop.DbServiceClient;
using EShop.DbServiceClient.Authentication;
using EShop.ServiceDefaults;
using EShop.ServiceDefaults.Configuration;
using EShop.UserService.Accounts;
using EShop.UserService.Login;
using EShop.UserService.Passwords;
using EShop.UserService.Sessions;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.Services.AddValidation();
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
app.MapSignup();
app.MapLogin();
app.MapLogout();
return await app.RunServiceAsync();
