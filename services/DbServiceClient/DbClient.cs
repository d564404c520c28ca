using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using EShop.DbService.Contracts;
using Microsoft.AspNetCore.Http;
using Polly;

namespace EShop.DbServiceClient;

/// <summary>Typed client of db-service's internal API (one method per route). Expected outcomes (404, 409,
/// 400) come back as <see cref="DbResult"/>; transport errors, timeouts, an open circuit and other statuses throw
/// <see cref="HttpRequestException"/>.</summary>
public sealed partial class DbClient(HttpClient http)
{
    internal static readonly JsonSerializerOptions Json = DbServiceJson.Default.Options;

    private static JsonTypeInfo<T> TypeInfo<T>() => (JsonTypeInfo<T>)Json.GetTypeInfo(typeof(T));

    private async Task<DbResult<T>> SendAsync<T>(HttpMethod method, string uri, object? body, CancellationToken ct)
    {
        using var response = await SendRawAsync(method, uri, body, ct);
        var outcome = Classify(response);
        if (outcome is DbOutcome.Ok or DbOutcome.Created)
            return new(outcome, await response.Content.ReadFromJsonAsync(TypeInfo<T>(), ct), null);
        return new(outcome, default, await ReadProblemAsync(response, ct));
    }

    private async Task<DbResult> SendAsync(HttpMethod method, string uri, object? body, CancellationToken ct)
    {
        using var response = await SendRawAsync(method, uri, body, ct);
        var outcome = Classify(response);
        return new(outcome, outcome is DbOutcome.Ok ? null : await ReadProblemAsync(response, ct));
    }

    private async Task<HttpResponseMessage> SendRawAsync(HttpMethod method, string uri, object? body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, uri);
        if (body is not null) request.Content = JsonContent.Create(body, Json.GetTypeInfo(body.GetType()));
        try
        {
            return await http.SendAsync(request, ct);
        }
        catch (ExecutionRejectedException rejected)
        {
            // A timed-out attempt or an open circuit is an outage like a refused connection, for every caller.
            throw new HttpRequestException($"db-service call {method} {request.RequestUri?.OriginalString?.Split('?')[0]} rejected: {rejected.Message}", rejected);
        }
    }

    private static DbOutcome Classify(HttpResponseMessage response) => response.StatusCode switch
    {
        HttpStatusCode.OK or HttpStatusCode.NoContent => DbOutcome.Ok,
        HttpStatusCode.Created => DbOutcome.Created,
        HttpStatusCode.NotFound => DbOutcome.NotFound,
        HttpStatusCode.Conflict => DbOutcome.Conflict,
        HttpStatusCode.BadRequest => DbOutcome.Invalid,
        var status => throw new DbServiceException(
            $"db-service answered {(int)status} to {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.AbsolutePath}", (int)status),
    };

    private static async Task<HttpValidationProblemDetails?> ReadProblemAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync(TypeInfo<HttpValidationProblemDetails>(), ct);
        }
        catch (JsonException)
        {
            return new HttpValidationProblemDetails { Status = (int)response.StatusCode };
        }
    }

    private static string Escape(string value) => Uri.EscapeDataString(value);
}
