using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using CspAdmin.Engine.Auth;
using CspAdmin.Engine.Graph;
using CspAdmin.Engine.Http;
using CspAdmin.Engine.Model;
using CspAdmin.Engine.PartnerCenter;

namespace CspAdmin.Engine.Connections
{
    /// <summary>
    /// One signed-in profile: its HTTP pipeline, typed clients and token cache. Everything read through it
    /// is stamped with the profile name so later commands route back here.
    /// </summary>
    public sealed class CspConnection : IDisposable
    {
        private readonly HttpClient _http;
        private readonly IAccessTokenProvider _tokens;
        private readonly ConcurrentDictionary<string, Customer> _customers = new ConcurrentDictionary<string, Customer>(StringComparer.OrdinalIgnoreCase);
        private readonly ConcurrentDictionary<string, string> _partnerGroups = new ConcurrentDictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        public CspConnection(CspProfile profile, HttpMessageHandler transport, Func<HttpMessageInvoker, IAccessTokenProvider> tokens,
            string signInMethod, TimeProvider clock, RetryPolicy? retryPolicy = null)
        {
            Profile = profile;
            SignInMethod = signInMethod;
            Clock = clock;
            ConnectedAt = clock.GetUtcNow();
            var policy = retryPolicy ?? new RetryPolicy();
            // Sign-in rides the same retries as service calls: the token endpoint is throttled and fails too.
            _tokens = tokens(new HttpMessageInvoker(new RetryHandler(policy, clock, Statistics) { InnerHandler = transport }, disposeHandler: false));
            // Order matters: ids once per call, retries around auth (a retried call may need a new token), trace per attempt.
            var pipeline = new CorrelationHandler
            {
                InnerHandler = new RetryHandler(policy, clock, Statistics)
                {
                    InnerHandler = new AuthenticationHandler(_tokens)
                    {
                        InnerHandler = new TracingHandler { InnerHandler = transport },
                    },
                },
            };
            _http = new HttpClient(pipeline, disposeHandler: false) { Timeout = TimeSpan.FromSeconds(100) };
            PartnerCenter = new PartnerCenterClient(_http, profile.PartnerCenterEndpoint, profile.PartnerTenantId);
            Graph = new GraphClient(_http, profile.GraphEndpoint);
        }

        public CspProfile Profile { get; }
        public string Name => Profile.Name;
        public string SignInMethod { get; }
        public DateTimeOffset ConnectedAt { get; }
        public TimeProvider Clock { get; }
        public PipelineStatistics Statistics { get; } = new PipelineStatistics();
        public PartnerCenterClient PartnerCenter { get; }
        public GraphClient Graph { get; }

        /// <summary>Customers this connection has listed, so rows can show names without another call.</summary>
        public IReadOnlyDictionary<string, Customer> KnownCustomers => _customers;

        internal void Remember(Customer customer) => _customers[customer.CustomerId] = customer;

        /// <summary>
        /// The customer's company name, so rows can show it instead of the tenant id: from the customers this connection
        /// has listed, otherwise read from Partner Center ("" when the customer has no company profile).
        /// </summary>
        public async Task<string> CompanyNameAsync(string customerId, CancellationToken cancellationToken)
        {
            if (_customers.TryGetValue(customerId, out var known))
            {
                return known.CompanyName;
            }

            var customer = await PartnerCenter.GetCustomerAsync(customerId, cancellationToken).ConfigureAwait(false);
            return customer.CompanyProfile?.CompanyName ?? "";
        }

        /// <summary>
        /// The display name of a security group of the partner's own tenant (where GDAP roles are assigned), read once per
        /// connection: an audit of every customer names the same few groups again and again.
        /// </summary>
        public async Task<string> PartnerGroupNameAsync(string groupId, CancellationToken cancellationToken)
        {
            if (_partnerGroups.TryGetValue(groupId, out var known))
            {
                return known;
            }

            var group = await Graph.GetGroupAsync(Profile.PartnerTenantId, groupId, cancellationToken).ConfigureAwait(false);
            return _partnerGroups[groupId] = group.DisplayName ?? groupId;
        }

        public void Dispose() => _http.Dispose();

        /// <summary>
        /// A connection that signs in with the profile's application secret: app + user when a refresh token
        /// (secure application model) is given, app only otherwise.
        /// </summary>
        public static CspConnection WithClientSecret(CspProfile profile, HttpMessageHandler transport, string clientSecret, string? refreshToken,
            TimeProvider clock, RetryPolicy? retryPolicy = null) =>
            new CspConnection(profile, transport,
                invoker => new OAuthTokenProvider(invoker, profile.AuthorityEndpoint, profile.ApplicationId, clientSecret, refreshToken, profile.Scopes(), clock),
                refreshToken == null ? SignInMethods.ClientSecret : SignInMethods.AppAndUser, clock, retryPolicy);

        /// <summary>Gets a Partner Center token now, so bad credentials fail at connect time rather than at first use.</summary>
        public Task VerifySignInAsync(CancellationToken cancellationToken) => _tokens.GetTokenAsync(CspService.PartnerCenter, Profile.PartnerTenantId, false, cancellationToken);
    }
}
