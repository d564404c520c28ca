using EShop.TestSupport;
using Microsoft.AspNetCore.Http;

namespace EShop.DbService.Tests.Client;

/// <summary>Answers of a scripted db-service (a <see cref="LoopbackStub"/>).</summary>
public static class ScriptedDbService
{
    public static Task<LoopbackStub> StartAsync(Func<int, HttpContext, Task> answer) => LoopbackStub.StartAsync(answer);

    public static Task Status(HttpContext context, int status)
    {
        context.Response.StatusCode = status;
        return Task.CompletedTask;
    }

    public static Task User(HttpContext context) => context.Response.WriteAsJsonAsync(new
    {
        id = Guid.NewGuid(),
        email = "scripted@example.test",
        name = "Scripted",
        passwordHash = "x",
        createdAt = DateTimeOffset.UtcNow,
    });
}
