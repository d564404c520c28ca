using System.Text;
using System.Text.Json;
using EShop.DbService.Contracts;

namespace EShop.PaymentService.Idempotency;

/// <summary>A final answer (status and JSON body) kept with the idempotency key and replayed verbatim.</summary>
public sealed record StoredAnswer(int Status, JsonElement Body)
{
    public const string ReplayedHeader = "Idempotent-Replayed";

    /// <summary>Serialises by the body's runtime type, so e.g. a validation problem keeps its "errors".</summary>
    public static StoredAnswer From(int status, object body) =>
        new(status, JsonSerializer.SerializeToElement(body, PaymentServiceJson.Default.GetTypeInfo(body.GetType())
            ?? throw new ArgumentException($"{body.GetType().Name} is not in PaymentServiceJson", nameof(body))));

    /// <summary>The answer as db-service stores it with the key.</summary>
    public StoredResponse ToResponse() => new(Status, Body);

    public static StoredAnswer From(StoredResponse stored) => new(stored.Status!.Value, stored.Body!.Value);

    public IResult ToResult(bool replayed) => new AnswerResult(this, replayed);

    private sealed class AnswerResult(StoredAnswer answer, bool replayed) : IResult
    {
        public Task ExecuteAsync(HttpContext context)
        {
            if (replayed) context.Response.Headers[ReplayedHeader] = "true";
            context.Response.StatusCode = answer.Status;
            context.Response.ContentType = answer.Status >= 400 ? "application/problem+json" : "application/json";
            return context.Response.WriteAsync(CanonicalJson.Write(answer.Body), Encoding.UTF8);
        }
    }
}
