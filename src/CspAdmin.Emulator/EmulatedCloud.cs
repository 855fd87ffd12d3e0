using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using CspAdmin.Emulator.Auth;
using CspAdmin.Emulator.Faults;
using CspAdmin.Emulator.Http;
using CspAdmin.Emulator.Seed;
using CspAdmin.Emulator.Throttling;

namespace CspAdmin.Emulator
{
    /// <summary>Which emulated API a token is for.</summary>
    public enum EmulatedApi
    {
        Graph,
        PartnerCenter,
    }

    /// <summary>
    /// An in-memory Microsoft cloud (Graph v1.0, Partner Center v1 and the Entra token endpoint) behind an HttpMessageHandler.
    /// One <see cref="EmulatorState"/> serves both APIs. All state access goes through one lock, so handlers are thread-safe.
    /// </summary>
    public sealed class EmulatedCloud
    {
        private readonly Random _requestIds;
        private long _changeCount;

        private EmulatedCloud(EmulatorState state, EmulatorOptions options)
        {
            State = state;
            Options = options;
            _requestIds = new Random(unchecked(options.Seed * 31 + 7));
            Tokens = new TokenService(Convert.FromBase64String(state.SigningKey), NewRequestId);
            Faults = new FaultInjector(options);
            GraphThrottle = new GraphThrottle(options);
            PartnerCenterThrottle = new PartnerCenterThrottle(options);
            Services = new ServiceDirectory(this);
            var now = Now;
            Partners = state.Partners.Select(p => new EmulatedPartner(p, Tokens.IssueRefreshToken(p, now), Tokens.ManagedIdentityOf(p))).ToList();
        }

        /// <summary>A new cloud seeded deterministically from <see cref="EmulatorOptions.Seed"/>, Customers and UsersPerCustomer.</summary>
        public static EmulatedCloud Create(EmulatorOptions options)
        {
            if (options == null)
            {
                throw new ArgumentNullException(nameof(options));
            }

            return new EmulatedCloud(SeedGenerator.Generate(options), options);
        }

        /// <summary>A cloud with the state saved by <see cref="Save"/> (the seed options are ignored; behaviour options apply).</summary>
        public static EmulatedCloud Load(string path, EmulatorOptions options)
        {
            if (options == null)
            {
                throw new ArgumentNullException(nameof(options));
            }

            return new EmulatedCloud(StateSerializer.Load(path), options);
        }

        public IReadOnlyList<EmulatedPartner> Partners { get; }

        /// <summary>The whole model. Read it through <see cref="Read{T}"/> and change it through <see cref="Mutate"/> while requests run.</summary>
        public EmulatorState State { get; }

        public EmulatorCounters Counters { get; } = new EmulatorCounters();

        public EmulatorOptions Options { get; }

        /// <summary>The emulator's now (<see cref="EmulatorOptions.Clock"/>).</summary>
        public DateTimeOffset Now => Options.Clock.GetUtcNow();

        /// <summary>Incremented by every <see cref="Mutate"/> and every successful write request (the server saves when it moves).</summary>
        public long ChangeCount => Interlocked.Read(ref _changeCount);

        internal object Gate { get; } = new object();
        internal TokenService Tokens { get; }
        internal FaultInjector Faults { get; }
        internal GraphThrottle GraphThrottle { get; }
        internal PartnerCenterThrottle PartnerCenterThrottle { get; }
        internal ServiceDirectory Services { get; }
        /// <summary>Pending and approved device code sign-ins (not saved: they live 15 minutes).</summary>
        internal DeviceCodes DeviceCodes { get; } = new DeviceCodes();

        public EmulatedPartner Partner(string name) =>
            Partners.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"No partner account named '{name}'.", nameof(name));

        /// <summary>A handler for HttpClient; create as many as you like, they share this cloud.</summary>
        public HttpMessageHandler CreateHandler() => new EmulatorHandler(this);

        /// <summary>Writes the state as JSON, atomically (temp file, then replace).</summary>
        public void Save(string path)
        {
            lock (Gate)
            {
                StateSerializer.Save(State, path);
            }
        }

        public T Read<T>(Func<EmulatorState, T> read)
        {
            lock (Gate)
            {
                return read(State);
            }
        }

        /// <summary>Changes the state under the lock, then refreshes the lookup indexes.</summary>
        public void Mutate(Action<EmulatorState> change)
        {
            lock (Gate)
            {
                try
                {
                    change(State);
                }
                finally
                {
                    State.InvalidateIndexes();
                    NoteChanged();
                }
            }
        }

        /// <summary>
        /// What the customer's admin does with a reseller invitation in the admin portal: accepts the link (from Partner Center's
        /// GET customers/relationshiprequests) for the tenant that owns <paramref name="customerDomain"/> (default or custom domain).
        /// Creates or updates the tenant's relationship with the provider (partnerId of a direct link; indirectCSPId of an indirect
        /// one, with partnerId as the indirect reseller): "reseller", delegated access as the link's DAP says. No GDAP is created.
        /// Returns the customer's tenant id. Throws <see cref="ArgumentException"/> (and changes nothing) for a malformed link, an
        /// unknown partner or reseller, or a domain no customer tenant owns.
        /// </summary>
        public string AcceptInvitation(string invitationUrl, string customerDomain)
        {
            var now = Now;
            lock (Gate)
            {
                var tenant = PartnerCenter.Invitations.Accept(State, invitationUrl, customerDomain, now);
                State.InvalidateIndexes();
                NoteChanged();
                return tenant.Id;
            }
        }

        /// <summary>
        /// Violations of <see cref="EmulatorInvariants"/> in the current state (empty when consistent); <paramref name="seats"/>
        /// false skips the seats-versus-holders rule (which a subscription decrease may break legitimately).
        /// </summary>
        public IReadOnlyList<string> CheckInvariants(bool seats = true) => Read(s => EmulatorInvariants.Check(s, seats));

        /// <summary>
        /// An access token without a trip to the token endpoint (tests, the server banner). <paramref name="tenantId"/> defaults to
        /// the partner tenant; app+user unless <paramref name="appOnly"/>.
        /// </summary>
        public string CreateAccessToken(EmulatedPartner partner, EmulatedApi api, string? tenantId = null, bool appOnly = false)
        {
            if (partner == null)
            {
                throw new ArgumentNullException(nameof(partner));
            }

            var now = Now;
            lock (Gate)
            {
                var account = State.FindPartner(partner.TenantId) ?? throw new ArgumentException("Unknown partner.", nameof(partner));
                return Tokens.IssueAccessToken(new TokenClaims
                {
                    Audience = api == EmulatedApi.Graph ? TokenService.GraphAudience : TokenService.PartnerCenterAudience,
                    TenantId = tenantId ?? account.TenantId,
                    PartnerTenantId = account.TenantId,
                    AppId = account.ClientId,
                    IdType = appOnly ? "app" : "user",
                    ObjectId = appOnly ? account.ServicePrincipalId : account.AdminUserId,
                    Upn = appOnly ? null : account.AdminUserPrincipalName,
                    Name = appOnly ? null : account.AdminDisplayName,
                    IssuedAt = now,
                    ExpiresAt = now + TokenService.AccessTokenLifetime,
                });
            }
        }

        /// <summary>
        /// Registers a certificate on the partner's app (Entra's "Certificates &amp; secrets"): the token endpoint then accepts
        /// client assertions signed with its key instead of the client secret. <paramref name="publicCertificateDer"/> is the
        /// DER (or anything X509Certificate2 reads; only the public part is kept) of an RSA certificate. Registering the same
        /// certificate twice changes nothing.
        /// </summary>
        public void AddApplicationCertificate(string partnerName, byte[] publicCertificateDer)
        {
            if (publicCertificateDer == null)
            {
                throw new ArgumentNullException(nameof(publicCertificateDer));
            }

            var der = ClientAssertions.PublicRsaCertificate(publicCertificateDer)
                ?? throw new ArgumentException("Not an X.509 certificate with an RSA key.", nameof(publicCertificateDer));
            Mutate(s =>
            {
                var partner = s.FindPartner(partnerName) ?? throw new ArgumentException($"No partner account named '{partnerName}'.", nameof(partnerName));
                if (!partner.Certificates.Contains(der))
                {
                    partner.Certificates.Add(der);
                }
            });
        }

        /// <summary>
        /// The user approves a device code sign-in (as the partner's admin, like <see cref="EmulatorOptions.DeviceCodeAutoApprove"/>
        /// does): the next poll gets the tokens. Throws when <paramref name="userCode"/> is unknown or expired.
        /// </summary>
        public void ApproveDeviceCode(string userCode) => DecideDeviceCode(userCode, approve: true);

        /// <summary>The user declines a device code sign-in: the next poll gets <c>authorization_declined</c>.</summary>
        public void DenyDeviceCode(string userCode) => DecideDeviceCode(userCode, approve: false);

        private void DecideDeviceCode(string userCode, bool approve)
        {
            lock (Gate)
            {
                var grant = DeviceCodes.FindByUserCode(userCode);
                if (grant == null || grant.ExpiresAt <= Now)
                {
                    throw new ArgumentException($"No pending device code sign-in with user code '{userCode}'.", nameof(userCode));
                }

                grant.Status = approve ? DeviceCodeStatus.Approved : DeviceCodeStatus.Declined;
            }
        }

        internal void NoteChanged() => Interlocked.Increment(ref _changeCount);

        /// <summary>Request ids (request-id, MS-RequestId, trace ids): seeded, not Guid.NewGuid.</summary>
        internal string NewRequestId()
        {
            var bytes = new byte[16];
            lock (_requestIds)
            {
                _requestIds.NextBytes(bytes);
            }

            return Ids.ToGuidString(bytes);
        }
    }
}
