using System.Text.Json;
using System.Text.Json.Serialization;
using EShop.PaymentService.Idempotency;
using EShop.PaymentService.Payments;
using EShop.PaymentService.Vendors;
using Microsoft.AspNetCore.Mvc;

namespace EShop.PaymentService;

/// <summary>Every body payment-service reads, writes, stores with a key or sends to a vendor, source-generated (Native
/// AOT has no reflection-based JSON). A stored answer's body is serialized by its runtime type: each such type is here.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(PayRequest))]
[JsonSerializable(typeof(CancelRequest))]
[JsonSerializable(typeof(PaymentCancelled))]
[JsonSerializable(typeof(PaymentApproved))]
[JsonSerializable(typeof(PaymentDeclined))]
[JsonSerializable(typeof(ProblemDetails))]
[JsonSerializable(typeof(HttpValidationProblemDetails))]
[JsonSerializable(typeof(RequestFingerprint.CanonicalRequest))]
[JsonSerializable(typeof(CardProcessorVendor.ProcessorChargeRequest))]
[JsonSerializable(typeof(CardProcessorVendor.ProcessorChargeAnswer))]
[JsonSerializable(typeof(CardProcessorVendor.ProcessorLookupAnswer))]
internal sealed partial class PaymentServiceJson : JsonSerializerContext;
