using EShop.DbServiceClient;
using EShop.DbServiceClient.Authentication;
using EShop.ProductService;
using EShop.ProductService.Caching;
using EShop.ProductService.Catalog;
using EShop.ServiceDefaults;
using EShop.ServiceDefaults.Configuration;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.Services.AddValidation();
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, ProductServiceJson.Default));
builder.Services.AddDbServiceClient();
builder.AddBearerTokenAuthentication();
builder.Services.AddProductCaching();

var app = builder.Build();
app.UseServiceDefaults();
app.UseProductCaching();

// Anonymous browsing is welcome; a presented token must be valid.
var api = app.MapGroup("/api/v1").RefuseInvalidBearerToken();
api.MapProductEndpoints();

return await app.RunServiceAsync();
