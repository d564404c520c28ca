namespace EShop.PaymentService;

/// <summary>Marker type for hosting the service in tests (the top-level Program is internal).</summary>
public sealed class PaymentServiceEntryPoint;
