using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace CspAdmin.Engine.Connections
{
    /// <summary>Signs in to a stored profile's endpoints (a real cloud, or an emulator server on loopback).</summary>
    public static class ProfileConnector
    {
        public static async Task<CspConnection> ConnectAsync(CspProfile profile, string clientSecret, string? refreshToken, CancellationToken cancellationToken)
        {
            foreach (var endpoint in new[] { profile.GraphEndpoint, profile.PartnerCenterEndpoint, profile.AuthorityEndpoint })
            {
                // Tokens and customer data never cross the network in clear; loopback is the emulator server.
                if (endpoint.Scheme != Uri.UriSchemeHttps && !(endpoint.Scheme == Uri.UriSchemeHttp && endpoint.IsLoopback))
                {
                    throw new CspException("ProfileEndpointInsecure", CspErrorCategory.InvalidData,
                        $"Profile '{profile.Name}' uses {endpoint}, which is not HTTPS. Plain HTTP is allowed only for an emulator on a loopback address.", profile.Name);
                }
            }

            var connection = CspConnection.WithClientSecret(profile, new HttpClientHandler(), clientSecret, refreshToken, TimeProvider.System);
            try
            {
                await connection.VerifySignInAsync(cancellationToken).ConfigureAwait(false);
                return connection;
            }
            catch
            {
                connection.Dispose();
                throw;
            }
        }
    }
}
