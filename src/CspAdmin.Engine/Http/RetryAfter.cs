using System;
using System.Globalization;
using System.Linq;
using System.Net.Http;

namespace CspAdmin.Engine.Http
{
    /// <summary>Reads Retry-After, which Graph sends fractional ("2.128") and others as an HTTP date.</summary>
    public static class RetryAfter
    {
        public static TimeSpan? Read(HttpResponseMessage response, DateTimeOffset now)
        {
            // TryGetValues also returns values the typed parser rejected, such as fractional seconds.
            if (!response.Headers.TryGetValues("Retry-After", out var values))
            {
                return null;
            }

            return Parse(values.FirstOrDefault(), now);
        }

        public static TimeSpan? Parse(string? value, DateTimeOffset now)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                return null;
            }

            value = value!.Trim();
            if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
            {
                return seconds <= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(seconds);
            }

            if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
            {
                var wait = date - now;
                return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
            }

            return null;
        }
    }
}
