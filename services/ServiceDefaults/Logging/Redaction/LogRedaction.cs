using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Compliance.Classification;
using Microsoft.Extensions.Compliance.Redaction;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EShop.ServiceDefaults.Logging.Redaction;

public static class LogRedaction
{
    /// <summary>Every value classified with <see cref="ShopData"/> (or any other taxonomy) is erased before a log
    /// provider sees it: a log method that takes an <c>[EmailData]</c> or <c>[CardData]</c> parameter cannot leak it.</summary>
    public static void AddLogRedaction(this WebApplicationBuilder builder)
    {
        builder.Logging.EnableRedaction();
        builder.Services.AddRedaction(redaction =>
        {
            redaction.SetRedactor<ErasingRedactor>([.. ShopData.All.Select(c => new DataClassificationSet(c))]);
            // A class nobody mapped yet is erased too, rather than written in clear.
            redaction.SetFallbackRedactor<ErasingRedactor>();
        });
    }
}
