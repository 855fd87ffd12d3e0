using System;
using System.IO;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace CspAdmin.Emulator.Server
{
    /// <summary>Emulator-only routes under /emulator/ that act in place of a person (a customer's admin in the admin portal).</summary>
    internal static class EmulatorControl
    {
        /// <summary>POST {"url","domain"}: 204 once accepted; 400 {"message"} for a bad body, link or domain; 405 for other methods.</summary>
        public static async Task AcceptInvitationAsync(HttpContext context, EmulatedCloud cloud)
        {
            if (!HttpMethods.IsPost(context.Request.Method))
            {
                context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
                context.Response.Headers.Allow = "POST";
                return;
            }

            string? url = null, domain = null;
            try
            {
                using var document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
                var root = document.RootElement;
                if (root.ValueKind == JsonValueKind.Object)
                {
                    url = Text(root, "url");
                    domain = Text(root, "domain");
                }
            }
            catch (JsonException)
            {
            }

            if (url == null || domain == null)
            {
                await FailAsync(context, "The body must be JSON {\"url\": \"<invitation link>\", \"domain\": \"<a domain of the customer tenant>\"}.");
                return;
            }

            try
            {
                cloud.AcceptInvitation(url, domain);
            }
            catch (ArgumentException ex)
            {
                await FailAsync(context, ex.Message);
                return;
            }

            context.Response.StatusCode = StatusCodes.Status204NoContent;
        }

        private static string? Text(JsonElement root, string name)
        {
            foreach (var property in root.EnumerateObject())
            {
                if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase) && property.Value.ValueKind == JsonValueKind.String)
                {
                    return property.Value.GetString();
                }
            }

            return null;
        }

        private static Task FailAsync(HttpContext context, string message)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return context.Response.WriteAsJsonAsync(new { message });
        }
    }
}
