using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;

namespace EShop.ServiceDefaults.Security;

/// <summary>The authenticated internal caller holds a catalog grant for this endpoint's method and route.</summary>
public sealed class CatalogGrantRequirement : IAuthorizationRequirement;

public sealed class CatalogGrantHandler(CatalogGrants grants) : AuthorizationHandler<CatalogGrantRequirement, HttpContext>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, CatalogGrantRequirement requirement, HttpContext http)
    {
        var caller = context.User.FindFirstValue(InternalCallerAuthentication.CallerClaim);
        var path = CatalogGrants.CatalogPath(http);
        if (caller is not null && path is not null && grants.Allows(caller, http.Request.Method, path)) context.Succeed(requirement);
        return Task.CompletedTask;
    }
}
