using System;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using CspAdmin.Engine;
using CspAdmin.Engine.Connections;
using Xunit;

namespace CspAdmin.Tests.Scenarios
{
    /// <summary>New/Get/Set/Remove-CspProfile's store: no secrets, private file, atomic replacement, hand edits checked by line.</summary>
    public sealed class ProfileStoreTests : IDisposable
    {
        private const string PartnerTenant = "3b33e682-00c3-41ee-9dd2-a548adf56438";
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "cspadmin-store-" + Guid.NewGuid().ToString("N"), "CspAdmin");

        [Fact]
        public void ProfilesRoundTripWithEverySettingAndNoSecret()
        {
            var store = new ProfileStore(_folder);
            store.Add(Profile("eu", p =>
            {
                p.Region = "EU";
                p.Countries = new() { "NL", "DE" };
                p.SignInMethod = SignInMethods.Certificate;
                p.CertificateThumbprint = "A1B2";
                p.ClientSecretVariable = "CSP_EU_SECRET";
                p.DefaultResellerMpnId = "1234567";
                p.Resellers.Add(new ResellerSettings { Name = "Northwind", TenantId = Guid.NewGuid().ToString(), MpnId = "7654321", Profile = "northwind-own" });
            }));
            store.Add(Profile("us", p => SetCloud(p, CloudNames.UsGovernment)));

            var reread = new ProfileStore(_folder).Load();
            var eu = reread.Single(p => p.Name == "eu");

            Assert.Equal(new[] { "eu", "us" }, reread.Select(p => p.Name));
            Assert.Equal(new[] { "NL", "DE" }, eu.Countries);
            Assert.Equal("7654321", eu.FindReseller("northwind")!.MpnId);
            Assert.Equal("https://login.microsoftonline.us/", reread.Single(p => p.Name == "us").AuthorityEndpoint.AbsoluteUri);
            var names = System.Text.RegularExpressions.Regex.Matches(File.ReadAllText(store.FilePath), "\"(\\w+)\"\\s*:").Select(m => m.Groups[1].Value).ToList();
            Assert.Contains("clientSecretVariable", names);
            Assert.DoesNotContain(names, n => new[] { "clientSecret", "refreshToken", "accessToken", "password", "certificatePassword" }.Contains(n, StringComparer.OrdinalIgnoreCase));
        }

        [Fact]
        public void ChangesReplaceTheFileWholeAndKeepItPrivate()
        {
            var store = new ProfileStore(_folder);
            store.Add(Profile("eu"));
            var changed = store.Get("EU");
            changed.Region = "EU";
            store.Replace(changed);
            store.Add(Profile("gone"));
            store.Remove("gone");

            Assert.Equal("EU", store.Get("eu").Region);
            Assert.Single(store.Load());
            Assert.Equal(new[] { "profiles.json" }, Directory.GetFiles(_folder).Select(Path.GetFileName));
            if (!RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(store.FilePath));
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(_folder));
            }
        }

        [Fact]
        public void NamesAreUniqueAndMissingOnesAreNamed()
        {
            var store = new ProfileStore(_folder);
            store.Add(Profile("eu"));

            Assert.Equal("ProfileExists", Assert.Throws<CspException>(() => store.Add(Profile("EU"))).ErrorId);
            Assert.Equal("ProfileNotFound", Assert.Throws<CspException>(() => store.Remove("us")).ErrorId);
            Assert.Equal("ProfileNotFound", Assert.Throws<CspException>(() => store.Replace(Profile("us"))).ErrorId);
        }

        [Theory]
        [InlineData("{\n  \"profiles\": [\n    { \"name\": \"x\", }\n  ]\n}", "line 3")]
        [InlineData("{\n  \"profiles\": [\n    { \"name\": \"eu\", \"partnerTenantId\": \"" + PartnerTenant + "\", \"applicationId\": \"a\" },\n    { \"name\": \"us\", \"cloud\": \"Mars\", \"partnerTenantId\": \"" + PartnerTenant + "\" }\n  ]\n}", "line 4: profile 'us': cloud 'Mars'")]
        [InlineData("{\n  \"profiles\": [\n    { \"name\": \"eu\", \"partnerTenantId\": \"" + PartnerTenant + "\", \"applicationId\": \"a\",\n      \"clientSecret\": \"hunter2\" }\n  ]\n}", "line 4")]
        [InlineData("{ \"profiles\": [ { \"name\": \"eu\", \"partnerTenantId\": \"" + PartnerTenant + "\", \"applicationId\": \"a\" },\n { \"name\": \"EU\", \"partnerTenantId\": \"" + PartnerTenant + "\", \"applicationId\": \"a\" } ] }", "line 2: profile 'EU': the name 'EU' is used twice")]
        public void AHandEditedFileIsRefusedByLineAndNeverOverwritten(string content, string expected)
        {
            Directory.CreateDirectory(_folder);
            var path = Path.Combine(_folder, "profiles.json");
            File.WriteAllText(path, content);
            var store = new ProfileStore(_folder);

            var read = Assert.Throws<CspException>(() => store.Load());
            var write = Assert.Throws<CspException>(() => store.Add(Profile("new")));

            Assert.Equal("ProfileFileInvalid", read.ErrorId);
            Assert.Contains(expected, read.Message);
            Assert.Equal("ProfileFileInvalid", write.ErrorId);
            Assert.Equal(content, File.ReadAllText(path));
            Assert.DoesNotContain("hunter2", read.Message);
        }

        [Theory]
        [InlineData("bad name", null, "the name")]
        [InlineData("eu", "not-a-guid", "partnerTenantId")]
        [InlineData("eu", PartnerTenant, "certificate sign-in needs exactly one")]
        public void InvalidSettingsAreExplained(string name, string? tenant, string expected)
        {
            var profile = Profile(name, p =>
            {
                p.PartnerTenantId = tenant ?? PartnerTenant;
                p.SignInMethod = SignInMethods.Certificate;
                p.CertificateThumbprint = tenant == PartnerTenant ? null : "A1";
            });

            Assert.Contains(expected, ProfileStore.Problem(profile));
        }

        [Fact]
        public void ChangesSetWhatIsGivenClearWhatIsEmptyAndTakeEndpointsFromTheCloudOrAnEmulator()
        {
            var profile = Profile("eu", p =>
            {
                p.Region = "EU";
                p.ClientSecretVariable = "OLD";
                p.CertificateThumbprint = "A1";
            });

            new ProfileChanges { Cloud = "china", Countries = new[] { " nl", "de " }, ClientSecretVariable = "", SignInMethod = "certificate" }.ApplyTo(profile);
            var china = (profile.Cloud, profile.GraphEndpoint.AbsoluteUri, profile.Region, profile.ClientSecretVariable, profile.SignInMethod);
            new ProfileChanges { EmulatorUri = new Uri("http://127.0.0.1:5099"), Cloud = "Global" }.ApplyTo(profile);

            Assert.Equal((CloudNames.China, "https://microsoftgraph.chinacloudapi.cn/v1.0/", "EU", (string?)null, SignInMethods.Certificate), china);
            Assert.Equal(new[] { "NL", "DE" }, profile.Countries);
            Assert.Equal("A1", profile.CertificateThumbprint);
            Assert.Equal(CloudNames.Custom, profile.Cloud);
            Assert.Equal("http://127.0.0.1:5099/partnercenter/v1/", profile.PartnerCenterEndpoint.AbsoluteUri);
            Assert.Equal("http://127.0.0.1:5099/", profile.AuthorityEndpoint.AbsoluteUri);
            Assert.Equal("https://microsoftgraph.chinacloudapi.cn/.default", Profile("cn", p => new ProfileChanges { Cloud = "China" }.ApplyTo(p)).Scopes()[CspAdmin.Engine.Http.CspService.Graph]);
            Assert.Equal(CspProfile.GraphScope, profile.Scopes()[CspAdmin.Engine.Http.CspService.Graph]);
        }

        public void Dispose()
        {
            var root = Path.GetDirectoryName(_folder)!;
            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }
        }

        private static CspProfile Profile(string name, Action<CspProfile>? configure = null)
        {
            var profile = new CspProfile { Name = name, PartnerTenantId = PartnerTenant, ApplicationId = Guid.NewGuid().ToString() };
            configure?.Invoke(profile);
            return profile;
        }

        private static void SetCloud(CspProfile profile, string cloud)
        {
            var endpoints = CloudEndpoints.For(cloud)!;
            profile.Cloud = cloud;
            profile.AuthorityEndpoint = endpoints.Authority;
            profile.GraphEndpoint = endpoints.Graph;
            profile.PartnerCenterEndpoint = endpoints.PartnerCenter;
        }
    }
}
