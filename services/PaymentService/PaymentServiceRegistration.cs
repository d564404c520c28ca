using EShop.PaymentService.Cards;
using EShop.PaymentService.Idempotency;
using EShop.PaymentService.Limits;
using EShop.PaymentService.Payments;
using EShop.PaymentService.Reconciliation;
using EShop.PaymentService.Vendors;
using EShop.ServiceDefaults.Configuration;

namespace EShop.PaymentService;

public static class PaymentServiceRegistration
{
    public static IServiceCollection AddPayments(this IServiceCollection services)
    {
        services.AddValidatedOptions<PaymentOptions>(PaymentOptions.Section);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<PaymentMetrics>();
        services.AddSingleton<CardValidator>();
        services.AddSingleton<RequestFingerprint>();
        services.AddSingleton<IdempotencyTimings>();
        services.AddSingleton<KeyWaiters>();
        services.AddSingleton<PaymentPreparer>();
        services.AddSingleton<PayLimits>();
        services.AddScoped<LateApprovals>();
        services.AddScoped<PaymentProcessor>();
        services.AddScoped<PaymentCanceller>();
        services.AddScoped<IdempotentExecution>();
        services.AddScoped<PendingPaymentSettler>();
        services.AddHostedService<PaymentReconciler>();
        services.AddPaymentVendors()
            .AddPaymentVendor<VisaVendor>(VisaVendor.VendorName)
            .AddPaymentVendor<MastercardVendor>(MastercardVendor.VendorName)
            .AddPaymentVendor<AmexVendor>(AmexVendor.VendorName);
        return services;
    }
}
