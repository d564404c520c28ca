using EShop.PaymentService.Cards;
using EShop.PaymentService.Idempotency;
using EShop.PaymentService.Payments;
using EShop.PaymentService.Vendors;

namespace EShop.PaymentService;

public static class PaymentServiceRegistration
{
    public static IServiceCollection AddPayments(this IServiceCollection services)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<PaymentMetrics>();
        services.AddSingleton<CardValidator>();
        services.AddSingleton<RequestFingerprint>();
        services.AddSingleton<IdempotencyTimings>();
        services.AddScoped<OrderPricing>();
        services.AddScoped<PaymentPreparer>();
        services.AddScoped<PaymentProcessor>();
        services.AddScoped<PaymentCanceller>();
        services.AddScoped<IdempotentExecution>();
        services.AddPaymentVendors()
            .AddPaymentVendor<VisaVendor>(VisaVendor.VendorName)
            .AddPaymentVendor<MastercardVendor>(MastercardVendor.VendorName)
            .AddPaymentVendor<AmexVendor>(AmexVendor.VendorName);
        return services;
    }
}
