using System;
using System.Collections.Concurrent;
using System.IO;
using System.Linq;
using System.Net;
using CspAdmin.Emulator;
using CspAdmin.Emulator.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// Hosts the emulated cloud on 127.0.0.1 for Pester, load tests and offline rehearsals.
var options = ServerOptions.Parse(args);
var cloud = options.StatePath != null && File.Exists(options.StatePath)
    ? EmulatedCloud.Load(options.StatePath, options.Emulator)
    : EmulatedCloud.Create(options.Emulator);
var certificates = options.CertificateDirectory != null
    ? PartnerCertificates.Provide(cloud, options.CertificateDirectory)
    : Array.Empty<(EmulatedPartner Partner, string Path, string Thumbprint)>();
var forwarder = new EmulatorForwarder(cloud, options.StatePath);
// The blobs of /emulator/blobs/: in memory for the life of the process, never in the state file (Azure Storage is not the cloud emulated).
var blobs = new ConcurrentDictionary<string, byte[]>(StringComparer.Ordinal);

var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = Array.Empty<string>() });
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, options.Port));
var app = builder.Build();
// Test credentials of the emulated partners, for Connect-CspService -Emulator -EmulatorUri (loopback only, never real secrets).
app.Use(async (context, next) =>
{
    if (context.Request.Path.Equals("/emulator/partners", StringComparison.OrdinalIgnoreCase))
    {
        await context.Response.WriteAsJsonAsync(cloud.Partners.Select(p => new
        {
            name = p.Name, region = p.Region, tenantId = p.TenantId, clientId = p.ClientId, clientSecret = p.ClientSecret, refreshToken = p.RefreshToken,
            certificatePath = certificates.Where(c => c.Partner == p).Select(c => c.Path).FirstOrDefault(),
            managedIdentityPath = p.ManagedIdentityPath, managedIdentityHeader = p.ManagedIdentityHeader, managedIdentityClientId = p.ManagedIdentityClientId,
            resellers = p.IndirectResellers.Select(r => new { name = r.Name, tenantId = r.TenantId, mpnId = r.MpnId }),
        }));
        return;
    }

    // What a customer's admin does with a reseller invitation in the admin portal (EmulatedCloud.AcceptInvitation), for tests
    // and rehearsals that run the emulator out of process: {"url": "<invitation link>", "domain": "<a domain of the tenant>"}.
    if (context.Request.Path.Equals("/emulator/invitations/accept", StringComparison.OrdinalIgnoreCase))
    {
        await EmulatorControl.AcceptInvitationAsync(context, cloud);
        forwarder.SaveIfChanged();
        return;
    }

    // Where a rehearsed runbook keeps its checkpoint instead of a storage account: /emulator/blobs/{name}[?<SAS token>].
    if (context.Request.Path.StartsWithSegments("/emulator/blobs", StringComparison.OrdinalIgnoreCase, out var blob) && blob.Value?.Length > 1)
    {
        await EmulatorControl.BlobAsync(context, blobs, blob.Value.Substring(1));
        return;
    }

    await next(context);
});
app.Run(forwarder.HandleAsync);
app.Lifetime.ApplicationStopping.Register(() => forwarder.SaveIfChanged(force: true));

await app.StartAsync();
var baseUrl = app.Urls.First().TrimEnd('/') + "/"; // the bound address (also right for --port 0)
Console.WriteLine($"BaseUrl {baseUrl}");
foreach (var partner in cloud.Partners)
{
    Console.WriteLine($"Partner name={partner.Name} tenantId={partner.TenantId} clientId={partner.ClientId} clientSecret={partner.ClientSecret} " +
        $"region={partner.Region} mpnId={partner.MpnId} accessToken={cloud.CreateAccessToken(partner, EmulatedApi.PartnerCenter)} refreshToken={partner.RefreshToken}");
}

foreach (var (partner, path, thumbprint) in certificates)
{
    Console.WriteLine($"Certificate name={partner.Name} clientId={partner.ClientId} path={path} thumbprint={thumbprint}");
}

Console.WriteLine("Ready");
await app.WaitForShutdownAsync();
