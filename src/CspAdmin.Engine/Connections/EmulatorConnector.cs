using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using CspAdmin.Emulator;
using CspAdmin.Engine.Http;

namespace CspAdmin.Engine.Connections
{
    /// <summary>
    /// Connects to the emulated Microsoft cloud: in process (the offline default) or a CspAdmin.Emulator.Server
    /// on loopback. Each of our partner's Partner Center accounts becomes a profile "emulator-&lt;region&gt;",
    /// signed in app + user with the account's refresh token, exactly as a real profile would be.
    /// </summary>
    public static class EmulatorConnector
    {
        /// <summary>The address in-process requests carry; they never leave the process.</summary>
        public static readonly Uri InProcessAddress = new Uri("https://emulator.cspadmin.test/");

        /// <summary>The partner account that is not ours: it exists to prove tenant isolation.</summary>
        public const string OtherPartner = "other";

        public static IReadOnlyList<CspConnection> ConnectInProcess(EmulatedCloud cloud, RetryPolicy? retryPolicy = null)
        {
            var transport = cloud.CreateHandler();
            return cloud.Partners
                .Where(p => p.Name != OtherPartner)
                .Select(p => Connect(Account.From(p), InProcessAddress, transport, cloud.Options.Clock, retryPolicy))
                .ToList();
        }

        /// <summary>One partner account of the emulator as a connection named emulator-&lt;name&gt;.</summary>
        public static CspConnection Connect(Account account, Uri baseAddress, HttpMessageHandler transport, TimeProvider clock, RetryPolicy? retryPolicy = null)
        {
            var profile = CspProfile.ForEmulator("emulator-" + account.Name, baseAddress, account.Region, account.TenantId, account.ClientId);
            return CspConnection.WithClientSecret(profile, transport, account.ClientSecret, account.RefreshToken, clock, retryPolicy);
        }

        /// <summary>Connects to an emulator server, which lists its partner accounts at /emulator/partners.</summary>
        public static async Task<IReadOnlyList<CspConnection>> ConnectServerAsync(Uri server, CancellationToken cancellationToken)
        {
            if (!server.IsLoopback)
            {
                throw new CspException("EmulatorAddressNotLoopback", CspErrorCategory.InvalidArgument,
                    $"The emulator address {server} is not a loopback address. An emulator server only listens on 127.0.0.1.", server.ToString());
            }

            var transport = new HttpClientHandler();
            using (var discovery = new HttpClient(transport, disposeHandler: false))
            {
                string body;
                try
                {
                    body = await discovery.GetStringAsync(new Uri(server, "emulator/partners")).ConfigureAwait(false);
                }
                catch (HttpRequestException ex)
                {
                    throw new CspException("EmulatorUnreachable", CspErrorCategory.ConnectionError,
                        $"No emulator answers at {server}: {ex.Message}", server.ToString(), ex)
                    {
                        RecommendedAction = "Start it with: dotnet run --project src/CspAdmin.Emulator.Server -- --port 5099",
                    };
                }

                return CspJson.Deserialize<List<Account>>(body)
                    .Where(a => a.Name != OtherPartner)
                    .Select(a => Connect(a, server, transport, TimeProvider.System))
                    .ToList();
            }
        }

        /// <summary>The sign-in details of one emulated partner account (test credentials, never real ones).</summary>
        public sealed class Account
        {
            public string Name { get; set; } = "";
            public string Region { get; set; } = "";
            public string TenantId { get; set; } = "";
            public string ClientId { get; set; } = "";
            public string ClientSecret { get; set; } = "";
            public string RefreshToken { get; set; } = "";

            public static Account From(EmulatedPartner partner) => new Account
            {
                Name = partner.Name,
                Region = partner.Region,
                TenantId = partner.TenantId,
                ClientId = partner.ClientId,
                ClientSecret = partner.ClientSecret,
                RefreshToken = partner.RefreshToken,
            };
        }
    }
}
