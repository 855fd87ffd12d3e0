using System;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using CspAdmin.Emulator;
using CspAdmin.Tests.EmulatorWrites;
using Xunit;

namespace CspAdmin.Tests.Emulator
{
    /// <summary>
    /// Onboarding: reseller invitations (GET customers/relationshiprequests and their acceptance), the domain check and
    /// POST customers, which leaves the new customer manageable through Graph at once.
    /// </summary>
    public sealed class OnboardingTests
    {
        private const string Portal = "https://admin.microsoft.com/Adminportal/Home";
        private const string Fragment = "#/BillingAccounts/partner-invitation";

        [Fact]
        public void ProspectsAreSeededAfterEveryoneElseWithoutOurPartners()
        {
            using var client = EmulatorClient.Create();
            var tenants = client.Cloud.Read(s => s.Tenants.ToList());

            var prospects = tenants.Skip(tenants.Count - Onboarding.Prospects.Length).ToList();

            Assert.Equal(Onboarding.Prospects.Select(p => p.Company), prospects.Select(t => t.DisplayName));
            Assert.Equal(Onboarding.Prospects.Select(p => p.DefaultDomain), prospects.Select(t => t.DefaultDomain));
            Assert.Equal(Onboarding.Prospects.Select(p => p.CustomDomain), prospects.Select(t => Assert.Single(t.CustomDomains)));
            Assert.Equal(new[] { "EU", "EU", "US", "US" }, prospects.Select(t => t.Region));
            Assert.All(prospects, t =>
            {
                Assert.Equal(TenantKinds.Customer, t.Kind);
                Assert.NotEmpty(t.Users);
                Assert.Null(t.RelationshipWith(client.Eu.TenantId));
                Assert.Null(t.RelationshipWith(client.Us.TenantId));
            });
            Assert.Equal(new[] { true, false, true, false }, prospects.Select(t => t.RelationshipWith(client.Other.TenantId) != null));
            Assert.Empty(client.Cloud.CheckInvariants());
        }

        [Fact]
        public async Task RelationshipRequestsNeedAppPlusUser()
        {
            using var client = EmulatorClient.Create();

            var appOnly = await client.RelationshipRequestAsync(client.PartnerCenterToken(client.Eu, appOnly: true));
            var appUser = await client.RelationshipRequestAsync(client.PartnerCenterToken(client.Eu));

            Assert.Equal(403, appOnly.Status);
            Assert.Equal("PartnerFD", appOnly.Json.GetProperty("source").GetString());
            Assert.True(appUser.Status == 200, appUser.ToString());
            Assert.Equal(Portal + "?invType=ResellerRelationship&partnerId=" + client.Eu.TenantId + "&msppId=0&DAP=false" + Fragment,
                appUser.Json.GetProperty("url").GetString());
            Assert.Equal("RelationshipRequest", appUser.Json.GetProperty("attributes").GetProperty("objectType").GetString());
        }

        [Fact]
        public async Task IndirectRelationshipRequestsNameTheReseller()
        {
            using var client = EmulatorClient.Create();
            var token = client.PartnerCenterToken(client.Eu);
            var reseller = client.Cloud.Read(s => s.FindPartner("eu")!.IndirectResellers[1]);
            var usReseller = client.Cloud.Read(s => s.FindPartner("us")!.IndirectResellers[0]);

            var indirect = await client.RelationshipRequestAsync(token, "?indirectResellerId=" + reseller.TenantId
                + "&indirectCloudSolutionProviderId=" + client.Eu.TenantId + "&dualRoleIndirectRelationship=false");
            var unknown = await client.RelationshipRequestAsync(token, "?indirectResellerId=" + usReseller.TenantId);
            var badFlag = await client.RelationshipRequestAsync(token, "?dualRoleIndirectRelationship=perhaps");
            var badProvider = await client.RelationshipRequestAsync(token, "?indirectCloudSolutionProviderId=eu");

            Assert.True(indirect.Status == 200, indirect.ToString());
            Assert.Equal(Portal + "?invType=IndirectResellerRelationship&partnerId=" + reseller.TenantId + "&msppId=" + reseller.MpnId
                + "&indirectCSPId=" + client.Eu.TenantId + "&DAP=false" + Fragment, indirect.Json.GetProperty("url").GetString());
            unknown.AssertPcError(400, "InvalidInput");
            Assert.Contains(usReseller.TenantId, unknown.Json.GetProperty("description").GetString());
            badFlag.AssertPcError(400, "InvalidInput");
            badProvider.AssertPcError(400, "InvalidInput");
        }

        [Fact]
        public async Task AcceptingTheInvitationMakesTheProspectACustomerWithoutGdap()
        {
            using var client = EmulatorClient.Create();
            var prospect = client.TenantByDomain("lakeshoreretail.nl");
            var token = client.PartnerCenterToken(client.Eu);
            var before = await client.GetAsync("partnercenter/v1/customers/" + prospect.Id, token);
            var url = (await client.RelationshipRequestAsync(token)).Json.GetProperty("url").GetString()!;

            var tenantId = client.Cloud.AcceptInvitation(url, "LakeshoreRetail.nl");
            var list = await client.GetAsync("partnercenter/v1/customers", token);
            var customer = await client.GetAsync("partnercenter/v1/customers/" + prospect.Id, token);
            var graph = await client.GetAsync("graph/v1.0/users", client.GraphToken(client.Eu, prospect.Id));

            Assert.Equal(404, before.Status);
            Assert.Equal(prospect.Id, tenantId);
            Assert.Equal(prospect.Id, list.Ids().Last());
            Assert.True(customer.Status == 200, customer.ToString());
            Assert.Equal("reseller", customer.Json.GetProperty("relationshipToPartner").GetString());
            Assert.False(customer.Json.GetProperty("allowDelegatedAccess").GetBoolean());
            Assert.False(customer.Json.TryGetProperty("associatedPartnerId", out _));
            Assert.Null(client.RelationshipOf(prospect.Id, client.Eu)!.Gdap);
            graph.AssertGraphError(403, "Authorization_RequestDenied");
            Assert.Empty(client.Cloud.CheckInvariants());
        }

        [Fact]
        public async Task AnIndirectInvitationRelatesTheCustomerToTheProviderThroughTheReseller()
        {
            using var client = EmulatorClient.Create();
            var prospect = client.TenantByDomain("zavaoutdoor.onmicrosoft.com");
            var reseller = client.Cloud.Read(s => s.FindPartner("us")!.IndirectResellers[0]);
            var token = client.PartnerCenterToken(client.Us);
            var url = (await client.RelationshipRequestAsync(token, "?indirectResellerId=" + reseller.TenantId)).Json.GetProperty("url").GetString()!;

            client.Cloud.AcceptInvitation(url.Replace("DAP=false", "DAP=true"), "zavaoutdoor.com");
            var customer = await client.GetAsync("partnercenter/v1/customers/" + prospect.Id, token);

            var relationship = client.RelationshipOf(prospect.Id, client.Us)!;
            Assert.Equal(reseller.TenantId, relationship.IndirectResellerTenantId);
            Assert.True(relationship.AllowDelegatedAccess);
            Assert.Equal(reseller.TenantId, customer.Json.GetProperty("associatedPartnerId").GetString());
            Assert.Null(client.RelationshipOf(prospect.Id, client.Eu));
        }

        [Fact]
        public async Task AcceptingRefusesUnknownDomainsAndMalformedLinksAndChangesNothing()
        {
            using var client = EmulatorClient.Create();
            var url = (await client.RelationshipRequestAsync(client.PartnerCenterToken(client.Eu))).Json.GetProperty("url").GetString()!;
            var changes = client.Cloud.ChangeCount;
            var state = EmulatorClient.StateBytes(client.Cloud);

            var unknownDomain = Assert.Throws<ArgumentException>(() => client.Cloud.AcceptInvitation(url, "nobody.example"));
            Assert.Throws<ArgumentException>(() => client.Cloud.AcceptInvitation("not a link", "zavaoutdoor.com"));
            Assert.Throws<ArgumentException>(() => client.Cloud.AcceptInvitation(url.Replace("invType=ResellerRelationship", "invType=Friendship"), "zavaoutdoor.com"));
            Assert.Throws<ArgumentException>(() => client.Cloud.AcceptInvitation(url.Replace(client.Eu.TenantId, Guid.Empty.ToString()), "zavaoutdoor.com"));
            Assert.Throws<ArgumentException>(() => client.Cloud.AcceptInvitation(url.Replace("&partnerId=", "&partner="), "zavaoutdoor.com"));
            Assert.Throws<ArgumentException>(() => client.Cloud.AcceptInvitation(url, client.Eu.AdminUserPrincipalName.Split('@')[1]));

            Assert.Contains("nobody.example", unknownDomain.Message);
            Assert.Equal(changes, client.Cloud.ChangeCount);
            Assert.Equal(state, EmulatorClient.StateBytes(client.Cloud));
        }

        [Theory]
        [InlineData("HEAD")]
        [InlineData("GET")]
        public async Task DomainCheckAnswers200WhenTakenAnd404WhenFree(string method)
        {
            using var client = EmulatorClient.Create();
            var customer = client.CustomersOf(client.Eu)[0];
            var token = client.PartnerCenterToken(client.Eu, appOnly: true);

            var byDefault = await client.PartnerCenterAsync(method, "domains/" + customer.DefaultDomain.ToUpperInvariant(), token);
            var byCustom = await client.PartnerCenterAsync(method, "domains/" + customer.CustomDomains[0], token);
            var prospect = await client.PartnerCenterAsync(method, "domains/zavaoutdoor.onmicrosoft.com", token);
            var free = await client.PartnerCenterAsync(method, "domains/fernwoodbakery.onmicrosoft.com", token);

            Assert.Equal(200, byDefault.Status);
            Assert.Equal(200, byCustom.Status);
            Assert.Equal(200, prospect.Status);
            Assert.Equal(404, free.Status);
            Assert.Equal("", free.Text);
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public async Task ACreatedCustomerIsListedAndManageableThroughGraphAtOnce(bool appOnly)
        {
            using var client = EmulatorClient.Create();
            var token = client.PartnerCenterToken(client.Eu, appOnly);

            var created = await client.CreateCustomerAsync(token, Onboarding.NewCustomerJson("FernwoodBakery.onmicrosoft.com"));

            Assert.True(created.Status == 201, created.ToString());
            var id = created.Json.GetProperty("id").GetString()!;
            var company = created.Json.GetProperty("companyProfile");
            Assert.Equal(id, company.GetProperty("tenantId").GetString());
            Assert.Equal("fernwoodbakery.onmicrosoft.com", company.GetProperty("domain").GetString());
            Assert.Equal("Fernwood Bakery", company.GetProperty("companyName").GetString());
            var address = created.Json.GetProperty("billingProfile").GetProperty("defaultAddress");
            Assert.Equal("US", address.GetProperty("country").GetString());
            Assert.Equal("12 Orchard Lane", address.GetProperty("addressLine1").GetString());
            Assert.Equal("WA", address.GetProperty("state").GetString());
            Assert.Equal("reseller", created.Json.GetProperty("relationshipToPartner").GetString());
            Assert.Equal("Customer", created.Json.GetProperty("attributes").GetProperty("objectType").GetString());
            var credentials = created.Json.GetProperty("userCredentials");
            Assert.Equal("admin", credentials.GetProperty("userName").GetString());
            var password = credentials.GetProperty("password").GetString()!;
            Assert.True(CspAdmin.Emulator.Graph.UserInput.MeetsComplexity(password) && password.Length == 16, password);

            // Partner Center: the customer is listed and readable like any other.
            var listed = await client.GetAsync("partnercenter/v1/customers", token);
            var single = await client.GetAsync("partnercenter/v1/customers/" + id, token);
            var domain = await client.PartnerCenterAsync("HEAD", "domains/fernwoodbakery.onmicrosoft.com", token);
            Assert.Contains(id, listed.Ids());
            Assert.Equal(created.Json.GetProperty("billingProfile").ToString(), single.Json.GetProperty("billingProfile").ToString());
            Assert.Equal(200, domain.Status);

            // The tenant: region of the partner, country and admin from the request, the admin's password is the one returned.
            var tenant = client.Tenant(id);
            var admin = Assert.Single(tenant.Users);
            Assert.Equal(("EU", "US", "admin@fernwoodbakery.onmicrosoft.com"), (tenant.Region, tenant.CountryLetterCode, admin.UserPrincipalName));
            Assert.True(admin.PasswordProfile!.Matches(password));
            Assert.Equal(GdapRoles.GlobalAdministrator, Assert.Single(tenant.RoleAssignments).RoleDefinitionId);

            // Graph in the new tenant, with a token from the token endpoint (app+user) for it: read and write.
            var graphToken = await client.AccessTokenAsync(id, EmulatorClient.RefreshToken(client.Eu, EmulatorClient.GraphScope));
            var users = await client.GetAsync("graph/v1.0/users", graphToken);
            var newUser = await client.CreateUserAsync(graphToken, Writes.NewUserJson("first.user@fernwoodbakery.onmicrosoft.com"));
            Assert.Equal(admin.Id, Assert.Single(users.Json.GetProperty("value").EnumerateArray()).GetProperty("id").GetString());
            Assert.True(newUser.Status == 201, newUser.ToString());

            // The default GDAP relationship, as the partner sees it.
            var gdap = await client.GdapAsync(client.PartnerGraphToken(client.Eu), "?$filter=" + EmulatorClient.Escape("customer/tenantId eq '" + id + "'"));
            var relationship = Assert.Single(gdap.Json.GetProperty("value").EnumerateArray());
            Assert.Equal("Default_Fernwood Bakery_1", relationship.GetProperty("displayName").GetString());
            Assert.Equal("P730D", relationship.GetProperty("duration").GetString());
            Assert.Equal("active", relationship.GetProperty("status").GetString());
            Assert.Equal(client.Clock.GetUtcNow().AddDays(730), EmulatorClient.Date(relationship.GetProperty("endDateTime")));
            Assert.Equal(new[] { GdapRoles.DirectoryReaders, GdapRoles.UserAdministrator, GdapRoles.LicenseAdministrator },
                relationship.GetProperty("accessDetails").GetProperty("unifiedRoles").EnumerateArray().Select(r => r.GetProperty("roleDefinitionId").GetString()));
            var assignments = await client.GdapAsync(client.PartnerGraphToken(client.Eu), "/" + relationship.GetProperty("id").GetString() + "/accessAssignments");
            var assignment = Assert.Single(assignments.Json.GetProperty("value").EnumerateArray());
            Assert.Equal("active", assignment.GetProperty("status").GetString());
            Assert.Equal(client.Cloud.Read(s => s.FindPartner("eu")!.OperatorsGroupId),
                assignment.GetProperty("accessContainer").GetProperty("accessContainerId").GetString());
            client.AssertConsistent();
        }

        [Fact]
        public async Task ACustomerCreatedForAnIndirectResellerIsAssociatedWithIt()
        {
            using var client = EmulatorClient.Create();
            var reseller = client.Cloud.Read(s => s.FindPartner("us")!.IndirectResellers[1]);
            var token = client.PartnerCenterToken(client.Us);

            var created = await client.CreateCustomerAsync(token, Onboarding.NewCustomerJson("fernwood2.onmicrosoft.com", reseller.TenantId));
            var filtered = await client.GetAsync("partnercenter/v1/customers?filter=" + EmulatorClient.Escape(
                EmulatorClient.Json(new { Field = "IndirectReseller", Value = reseller.TenantId, Operator = "starts_with" })), token);

            Assert.True(created.Status == 201, created.ToString());
            var id = created.Json.GetProperty("id").GetString()!;
            Assert.Equal(reseller.TenantId, created.Json.GetProperty("associatedPartnerId").GetString());
            Assert.Equal("US", client.Tenant(id).Region);
            Assert.Contains(id, filtered.Ids());
        }

        [Fact]
        public async Task ATakenDomainIsRefused()
        {
            using var client = EmulatorClient.Create();
            var taken = client.CustomersOf(client.Us)[0].DefaultDomain;
            var tenants = client.Cloud.Read(s => s.Tenants.Count);

            var reply = await client.CreateCustomerAsync(client.PartnerCenterToken(client.Eu), Onboarding.NewCustomerJson(taken.ToUpperInvariant()));

            reply.AssertPcError(409, "DomainAlreadyInUse");
            Assert.Contains(taken, reply.Json.GetProperty("description").GetString());
            Assert.Equal(tenants, client.Cloud.Read(s => s.Tenants.Count));
        }

        [Theory]
        [InlineData("fernwood.com", null, "companyProfile.domain")]
        [InlineData("fern-wood.onmicrosoft.com", null, "companyProfile.domain")]
        [InlineData("fernwood.onmicrosoft.com", "email", "billingProfile.email")]
        [InlineData("fernwood.onmicrosoft.com", "companyName", "billingProfile.companyName")]
        [InlineData("fernwood.onmicrosoft.com", "addressLine1", "billingProfile.defaultAddress.addressLine1")]
        [InlineData("fernwood.onmicrosoft.com", "country", "billingProfile.defaultAddress.country")]
        [InlineData("fernwood.onmicrosoft.com", "associatedPartnerId", "associatedPartnerId")]
        public async Task AnIncompleteRequestIsRefusedAndCreatesNothing(string domain, string? spoil, string named)
        {
            using var client = EmulatorClient.Create();
            var tenants = client.Cloud.Read(s => s.Tenants.Count);
            var json = Onboarding.NewCustomerJson(domain,
                associatedPartnerId: spoil == "associatedPartnerId" ? Guid.Empty.ToString() : null,
                email: spoil == "email" ? null : "it@fernwood.example",
                companyName: spoil == "companyName" ? " " : "Fernwood Bakery",
                addressLine1: spoil == "addressLine1" ? null : "12 Orchard Lane",
                country: spoil == "country" ? "XX" : "US");

            var reply = await client.CreateCustomerAsync(client.PartnerCenterToken(client.Eu), json);

            reply.AssertPcError(400, "InvalidInput");
            Assert.Contains(named, Assert.Single(reply.Json.GetProperty("data").EnumerateArray()).GetString());
            Assert.Equal(tenants, client.Cloud.Read(s => s.Tenants.Count));
            Assert.Equal(404, (await client.PartnerCenterAsync("HEAD", "domains/fernwood.onmicrosoft.com", client.PartnerCenterToken(client.Eu))).Status);
        }

        [Fact]
        public async Task EveryProblemOfABodyIsListed()
        {
            using var client = EmulatorClient.Create();

            var empty = await client.CreateCustomerAsync(client.PartnerCenterToken(client.Eu), "{}");
            var notJson = await client.CreateCustomerAsync(client.PartnerCenterToken(client.Eu), "customer please");

            empty.AssertPcError(400, "InvalidInput");
            Assert.Equal(new[] { "companyProfile is required (an object).", "billingProfile is required (an object)." },
                empty.Json.GetProperty("data").EnumerateArray().Select(d => d.GetString()));
            notJson.AssertPcError(400, "InvalidInput");
        }
    }
}
