using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;

namespace EShop.DbService.Contracts;

/// <summary>Every body db-service and its client exchange, source-generated: the client reads and writes JSON only
/// through this (a type missing here fails in every test, not first under Native AOT); db-service's endpoints and its
/// demo catalogue too.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(CreateCardRequest))]
[JsonSerializable(typeof(CardRecord))]
[JsonSerializable(typeof(ClaimIdempotencyRequest))]
[JsonSerializable(typeof(ClaimIdempotencyResult))]
[JsonSerializable(typeof(CompleteIdempotencyRequest))]
[JsonSerializable(typeof(ReleaseIdempotencyRequest))]
[JsonSerializable(typeof(RenewIdempotencyRequest))]
[JsonSerializable(typeof(SeizeIdempotencyRequest))]
[JsonSerializable(typeof(SeizedKey))]
[JsonSerializable(typeof(ReserveLoginAttemptRequest))]
[JsonSerializable(typeof(LoginAttemptReservation))]
[JsonSerializable(typeof(LoginSucceededRequest))]
[JsonSerializable(typeof(BeginPaymentRequest))]
[JsonSerializable(typeof(BeginPaymentResult))]
[JsonSerializable(typeof(FinishPaymentRequest))]
[JsonSerializable(typeof(FinishedPayment))]
[JsonSerializable(typeof(CreatePaymentRequest))]
[JsonSerializable(typeof(SetPaymentStatusRequest))]
[JsonSerializable(typeof(PaymentRecord))]
[JsonSerializable(typeof(PaymentActivity))]
[JsonSerializable(typeof(CreateProductRequest))]
[JsonSerializable(typeof(List<CreateProductRequest>))]
[JsonSerializable(typeof(ProductRecord))]
[JsonSerializable(typeof(ProductPage))]
[JsonSerializable(typeof(RateLimitHit))]
[JsonSerializable(typeof(RateLimitDecision))]
[JsonSerializable(typeof(ReconcilerLockRequest))]
[JsonSerializable(typeof(ReconcilerLockRelease))]
[JsonSerializable(typeof(CreateSessionRequest))]
[JsonSerializable(typeof(SessionCreated))]
[JsonSerializable(typeof(TokenHashRequest))]
[JsonSerializable(typeof(ResolvedSession))]
[JsonSerializable(typeof(CreateUserRequest))]
[JsonSerializable(typeof(SetPasswordHashRequest))]
[JsonSerializable(typeof(ChangePasswordRequest))]
[JsonSerializable(typeof(PasswordChanged))]
[JsonSerializable(typeof(UserRecord))]
[JsonSerializable(typeof(IReadOnlyList<CardRecord>))]
[JsonSerializable(typeof(IReadOnlyList<PaymentRecord>))]
[JsonSerializable(typeof(HttpValidationProblemDetails))]
public sealed partial class DbServiceJson : JsonSerializerContext;
