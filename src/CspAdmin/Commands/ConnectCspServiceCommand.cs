using System;
using System.Linq;
using System.Management.Automation;
using System.Net;
using System.Security;
using System.Security.Cryptography.X509Certificates;
using CspAdmin.Completers;
using CspAdmin.Emulator;
using CspAdmin.Engine;
using CspAdmin.Engine.Auth;
using CspAdmin.Engine.Connections;
using CspAdmin.Engine.Model;

namespace CspAdmin.Commands
{
    /// <summary>Connects to Partner Center and Graph: the built-in emulator, an emulator server, or a stored profile.</summary>
    [Cmdlet(VerbsCommunications.Connect, "CspService", DefaultParameterSetName = EmulatorSet)]
    [OutputType(typeof(ConnectionInfo))]
    public sealed class ConnectCspServiceCommand : CspCmdlet
    {
        private const string EmulatorSet = "Emulator";
        private const string EmulatorServerSet = "EmulatorServer";
        private const string ProfileSet = "Profile";

        /// <summary>Connect to the emulated Microsoft cloud (in process, or the server at -EmulatorUri).</summary>
        [Parameter(Mandatory = true, ParameterSetName = EmulatorSet)]
        [Parameter(Mandatory = true, ParameterSetName = EmulatorServerSet)]
        public SwitchParameter Emulator { get; set; }

        /// <summary>The address of a CspAdmin.Emulator.Server on loopback, e.g. http://127.0.0.1:5099/.</summary>
        [Parameter(Mandatory = true, ParameterSetName = EmulatorServerSet)]
        public Uri? EmulatorUri { get; set; }

        /// <summary>Seed of the in-process emulator's generated data.</summary>
        [Parameter(ParameterSetName = EmulatorSet)]
        [ValidateRange(0, int.MaxValue)]
        public int Seed { get; set; } = 1;

        /// <summary>How many customers the in-process emulator generates (spread over its two regions).</summary>
        [Parameter(ParameterSetName = EmulatorSet)]
        [ValidateRange(1, 100000)]
        public int CustomerCount { get; set; } = 12;

        /// <summary>How many users each emulated customer has.</summary>
        [Parameter(ParameterSetName = EmulatorSet)]
        [ValidateRange(0, 1000000)]
        public int UsersPerCustomer { get; set; } = 20;

        /// <summary>Discard the in-process emulator's state and generate it anew.</summary>
        [Parameter(ParameterSetName = EmulatorSet)]
        public SwitchParameter Reset { get; set; }

        /// <summary>The names of stored profiles; several may be connected at once.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ProfileSet, ValueFromPipelineByPropertyName = true)]
        [Alias("Name")]
        [ArgumentCompleter(typeof(StoredProfileCompleter))]
        public string[] Profile { get; set; } = new string[0];

        /// <summary>The secret of the profile's application (else the environment variable the profile names).</summary>
        [Parameter(ParameterSetName = ProfileSet)]
        public SecureString? ClientSecret { get; set; }

        /// <summary>The refresh token of the partner's consented application (secure application model), for app + user sign-in.</summary>
        [Parameter(ParameterSetName = ProfileSet)]
        public SecureString? RefreshToken { get; set; }

        /// <summary>A certificate with its private key, instead of the profile's thumbprint or file.</summary>
        [Parameter(ParameterSetName = ProfileSet)]
        public X509Certificate2? Certificate { get; set; }

        /// <summary>The password of the profile's certificate file.</summary>
        [Parameter(ParameterSetName = ProfileSet)]
        public SecureString? CertificatePassword { get; set; }

        /// <summary>A Partner Center access token obtained elsewhere (sign-in method AccessToken; no customer Graph access).</summary>
        [Parameter(ParameterSetName = ProfileSet)]
        public SecureString? AccessToken { get; set; }

        /// <summary>Sign in with the managed identity of this Azure Automation account or Azure resource.</summary>
        [Parameter(ParameterSetName = ProfileSet)]
        public SwitchParameter Identity { get; set; }

        protected override void ProcessRecord()
        {
            if (ParameterSetName != ProfileSet)
            {
                return;
            }

            foreach (var name in Profile)
            {
                StartWork(name, async (sink, cancellationToken) =>
                {
                    var profile = ProfileStore.ForCurrentUser().Get(name);
                    var secrets = new SignInSecrets
                    {
                        ClientSecret = Plain(ClientSecret),
                        RefreshToken = Plain(RefreshToken),
                        AccessToken = Plain(AccessToken),
                        Certificate = Certificate,
                        CertificatePassword = Plain(CertificatePassword),
                        UseManagedIdentity = Identity.IsPresent,
                        DeviceCodePrompt = sink.Warning,
                    };
                    var connection = await ProfileConnector.ConnectAsync(profile, secrets, cancellationToken).ConfigureAwait(false);
                    Context.Add(connection);
                    sink.Output(ConnectionInfo.From(connection));
                });
            }
        }

        protected override void EndProcessing()
        {
            if (ParameterSetName == ProfileSet)
            {
                CompleteWork();
                return;
            }

            if (!Emulator.IsPresent)
            {
                ThrowTerminatingError(ToErrorRecord(new CspException("ConnectionTargetMissing", CspErrorCategory.InvalidArgument,
                    "-Emulator:$false names nothing to connect to.")
                {
                    RecommendedAction = "Use -Emulator for the emulated cloud, or -Profile <name> for a stored profile.",
                }, null));
            }

            var connections = EmulatorUri != null
                ? Run(ct => EmulatorConnector.ConnectServerAsync(EmulatorUri, ct))
                : EmulatorConnector.ConnectInProcess(InProcessEmulator());
            foreach (var connection in connections)
            {
                Context.Add(connection);
                WriteObject(ConnectionInfo.From(connection));
            }
        }

        private EmulatedCloud InProcessEmulator()
        {
            var existing = Context.EmbeddedEmulator;
            var options = existing?.Options;
            var matches = options != null && options.Seed == Seed && options.Customers == CustomerCount && options.UsersPerCustomer == UsersPerCustomer;
            if (existing != null && matches && !Reset)
            {
                return existing;
            }

            WriteVerbose($"Generating an emulated cloud: seed {Seed}, {CustomerCount} customers, {UsersPerCustomer} users each.");
            var cloud = EmulatedCloud.Create(new EmulatorOptions { Seed = Seed, Customers = CustomerCount, UsersPerCustomer = UsersPerCustomer });
            foreach (var stale in Context.Connections.Where(c => c.Profile.Cloud == "Emulator").ToList())
            {
                Context.Remove(stale.Name);
            }

            Context.EmbeddedEmulator = cloud;
            return cloud;
        }

        private static string? Plain(SecureString? secret) => secret == null ? null : new NetworkCredential(string.Empty, secret).Password;
    }
}
