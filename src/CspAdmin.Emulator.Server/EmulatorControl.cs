using System;
using System.Collections.Concurrent;
using System.IO;
using System.Text.Json;
using System.Threading.Tasks;
using System.Xml.Linq;
using Microsoft.AspNetCore.Http;

namespace CspAdmin.Emulator.Server
{
    /// <summary>
    /// Emulator-only routes under /emulator/ that act in place of a person (a customer's admin in the admin portal) or of a
    /// service beside Graph and Partner Center (an Azure Storage blob).
    /// </summary>
    internal static class EmulatorControl
    {
        private const string BlobTypeHeader = "x-ms-blob-type";

        /// <summary>POST {"url","domain"}: 204 once accepted; 400 {"message"} for a bad body, link or domain; 405 for other methods.</summary>
        public static async Task AcceptInvitationAsync(HttpContext context, EmulatedCloud cloud)
        {
            if (!HttpMethods.IsPost(context.Request.Method))
            {
                MethodNotAllowed(context, "POST");
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

        /// <summary>
        /// The block blob <paramref name="name"/> at a SAS URL, for runbooks that keep a checkpoint there (the SAS query is not
        /// checked). PUT with x-ms-blob-type: BlockBlob stores the body: 201. GET: 200 with the bytes, or 404 BlobNotFound; HEAD
        /// likewise without a body. A PUT without that header, or naming another blob type, is 400 in Azure's shape; other methods are 405.
        /// </summary>
        public static async Task BlobAsync(HttpContext context, ConcurrentDictionary<string, byte[]> blobs, string name)
        {
            var request = context.Request;
            if (HttpMethods.IsPut(request.Method))
            {
                var type = request.Headers[BlobTypeHeader].ToString();
                if (type != "BlockBlob")
                {
                    // Page and append blobs exist in Azure, but no runbook here needs them: refused rather than stored as block blobs.
                    var missing = type.Length == 0;
                    await StorageErrorAsync(context, StatusCodes.Status400BadRequest, missing ? "MissingRequiredHeader" : "InvalidHeaderValue",
                        missing ? "An HTTP header that's mandatory for this request is not specified." : "The value for one of the HTTP headers is not in the correct format.",
                        BlobTypeHeader);
                    return;
                }

                using var body = new MemoryStream();
                await request.Body.CopyToAsync(body, context.RequestAborted);
                blobs[name] = body.ToArray();
                context.Response.StatusCode = StatusCodes.Status201Created;
                return;
            }

            if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
            {
                MethodNotAllowed(context, "GET, HEAD, PUT");
                return;
            }

            if (!blobs.TryGetValue(name, out var content))
            {
                await StorageErrorAsync(context, StatusCodes.Status404NotFound, "BlobNotFound", "The specified blob does not exist.", null);
                return;
            }

            context.Response.ContentType = "application/octet-stream";
            context.Response.ContentLength = content.Length;
            context.Response.Headers[BlobTypeHeader] = "BlockBlob";
            if (HttpMethods.IsGet(request.Method))
            {
                await context.Response.Body.WriteAsync(content, context.RequestAborted);
            }
        }

        /// <summary>Azure Storage's error: the code in x-ms-error-code and, except for HEAD, an XML body with code and message.</summary>
        private static Task StorageErrorAsync(HttpContext context, int status, string code, string message, string? headerName)
        {
            context.Response.StatusCode = status;
            context.Response.Headers["x-ms-error-code"] = code;
            if (HttpMethods.IsHead(context.Request.Method))
            {
                return Task.CompletedTask;
            }

            var error = new XElement("Error", new XElement("Code", code), new XElement("Message", message),
                headerName == null ? null : new XElement("HeaderName", headerName));
            context.Response.ContentType = "application/xml";
            return context.Response.WriteAsync(new XDeclaration("1.0", "utf-8", null) + error.ToString(SaveOptions.DisableFormatting));
        }

        private static void MethodNotAllowed(HttpContext context, string allow)
        {
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            context.Response.Headers.Allow = allow;
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
