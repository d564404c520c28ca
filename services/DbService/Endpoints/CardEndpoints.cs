using EShop.DbService.Contracts;
using EShop.DbService.Stores;
using EShop.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EShop.DbService.Endpoints;

public static class CardEndpoints
{
    public static RouteGroupBuilder MapCardEndpoints(this RouteGroupBuilder api)
    {
        var cards = api.MapGroup("/creditcard").WithTags("Credit cards");
        cards.MapPost("", Create).ProducesProblem(StatusCodes.Status404NotFound);
        cards.MapGet("", List);
        cards.MapGet("/{id}", Find).ProducesProblem(StatusCodes.Status404NotFound);
        cards.MapDelete("/{id}", Delete).ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<Created<CardRecord>> Create(CreateCardRequest request, CardStore store, CancellationToken ct)
    {
        var card = await store.CreateAsync(request.ToCommand(), ct);
        return TypedResults.Created($"/api/v1/creditcard/{card.Id}", card);
    }

    private static async Task<Ok<IReadOnlyList<CardRecord>>> List(Guid userId, CardStore store, CancellationToken ct) =>
        TypedResults.Ok(await store.ListAsync(userId, ct));

    private static async Task<Results<Ok<CardRecord>, ProblemHttpResult>> Find(Guid id, CardStore store, CancellationToken ct) =>
        await store.FindAsync(id, ct) is { } card ? TypedResults.Ok(card) : Problems.NotFound("Credit card");

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(Guid id, CardStore store, CancellationToken ct) =>
        await store.DeleteAsync(id, ct) ? TypedResults.NoContent() : Problems.NotFound("Credit card");
}
