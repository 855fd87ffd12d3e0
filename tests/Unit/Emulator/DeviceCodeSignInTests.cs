using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Azure.Identity;
using CspAdmin.Emulator;
using Microsoft.Identity.Client;
using Xunit;

namespace CspAdmin.Tests.Emulator
{
    /// <summary>Device code sign-in (public client, app + the partner's admin user) through DeviceCodeCredential and on the wire.</summary>
    public sealed class DeviceCodeSignInTests
    {
        private const string MsalScopes = EmulatorClient.PartnerCenterScope + " offline_access openid profile";

        private static Task<EmulatorReply> RequestCodeAsync(EmulatorClient client, EmulatedPartner partner, string tenant, string scope = MsalScopes) =>
            client.PostTokenAsync(tenant, new Dictionary<string, string> { ["client_id"] = partner.ClientId, ["scope"] = scope }, "oauth2/v2.0/devicecode");

        /// <summary>A poll as RFC 8628 spells it (MSAL sends grant_type=device_code), asking for client_info like MSAL.</summary>
        private static Task<EmulatorReply> PollAsync(EmulatorClient client, EmulatedPartner partner, string deviceCode) =>
            client.PostTokenAsync(partner.TenantId, new Dictionary<string, string>
            {
                ["grant_type"] = "urn:ietf:params:oauth:grant-type:device_code",
                ["client_id"] = partner.ClientId,
                ["device_code"] = deviceCode,
                ["scope"] = MsalScopes,
                ["client_info"] = "1",
            });

        /// <summary>A DeviceCodeCredential sign-in without auto-approval in which <paramref name="user"/> acts on the user code; MSAL's failure.</summary>
        private static async Task<MsalServiceException> FailedSignInAsync(Action<EmulatorClient, string> user)
        {
            using var client = EmulatorClient.Create(o => o.DeviceCodeAutoApprove = false);
            var credential = IdentityClients.DeviceCode(client.Cloud.CreateHandler(), client.Eu, (info, _) =>
            {
                user(client, info.UserCode);
                return Task.CompletedTask;
            });

            return await IdentityClients.RefusedAsync(credential, IdentityClients.PartnerCenter);
        }

        private static void AssertError(EmulatorReply reply, string error, string code)
        {
            Assert.True(reply.Status == 400, reply.ToString());
            Assert.Equal(error, reply.Json.GetProperty("error").GetString());
            Assert.StartsWith(code + ": ", reply.Json.GetProperty("error_description").GetString());
        }

        [Fact]
        public async Task OneApprovalGivesPartnerCenterAndCustomerGraphTokensForTheAdmin()
        {
            using var client = EmulatorClient.Create();
            var customer = client.CustomersOf(client.Eu)[0];
            var codes = new List<DeviceCodeInfo>();
            var credential = IdentityClients.DeviceCode(client.Cloud.CreateHandler(), client.Eu, (info, _) =>
            {
                codes.Add(info);
                return Task.CompletedTask;
            });

            var partnerCenter = await credential.GetTokenAsync(IdentityClients.PartnerCenter, default);
            var graph = await credential.GetTokenAsync(IdentityClients.Graph(customer.Id), default);

            var code = Assert.Single(codes); // the customer's Graph token came from the refresh token, silently
            Assert.Equal($"To sign in, use a web browser to open the page https://microsoft.com/devicelogin and enter the code {code.UserCode} to authenticate.", code.Message);
            Assert.Equal(new Uri("https://microsoft.com/devicelogin"), code.VerificationUri);
            var claims = EmulatorClient.Claims(partnerCenter.Token);
            Assert.Equal("user", claims.GetProperty("idtyp").GetString());
            Assert.Equal(client.Eu.AdminUserPrincipalName, claims.GetProperty("upn").GetString());
            Assert.Equal(client.Eu.TenantId, claims.GetProperty("tid").GetString());
            var graphClaims = EmulatorClient.Claims(graph.Token);
            Assert.Equal(customer.Id, graphClaims.GetProperty("tid").GetString());
            Assert.Equal(client.Eu.TenantId, graphClaims.GetProperty("partner_tid").GetString());
            Assert.Equal(client.Eu.AdminUserPrincipalName, graphClaims.GetProperty("upn").GetString());
            var users = await client.GetAsync("graph/v1.0/users?$select=id", graph.Token);
            Assert.True(users.Status == 200, users.ToString());
        }

        [Fact]
        public async Task WithoutAutoApprovalPollsWaitUntilTheTestApproves()
        {
            using var client = EmulatorClient.Create(o => o.DeviceCodeAutoApprove = false);
            Task? approval = null;
            var credential = IdentityClients.DeviceCode(client.Cloud.CreateHandler(), client.Eu, (info, _) =>
            {
                approval = Task.Run(async () =>
                {
                    await Task.Delay(TimeSpan.FromSeconds(1.5));
                    client.Cloud.ApproveDeviceCode(info.UserCode);
                });
                return Task.CompletedTask;
            });

            var token = await credential.GetTokenAsync(IdentityClients.PartnerCenter, default);
            await approval!;

            Assert.Equal(client.Eu.AdminUserPrincipalName, EmulatorClient.Claims(token.Token).GetProperty("upn").GetString());
            Assert.True(client.Cloud.Counters.Login.Requests >= 3, "devicecode, at least one pending poll, the poll that got the tokens");
        }

        [Fact]
        public async Task ADeclinedSignInFails()
        {
            var error = await FailedSignInAsync((client, userCode) => client.Cloud.DenyDeviceCode(userCode));

            Assert.Equal("authorization_declined", error.ErrorCode);
        }

        [Fact]
        public async Task ACodeNobodyApprovedWithin900SecondsExpires()
        {
            var error = await FailedSignInAsync((client, _) => client.Clock.Advance(TimeSpan.FromSeconds(900)));

            Assert.Contains("AADSTS70019: ", error.Message);
        }

        [Fact]
        public async Task OnTheWireThePollIsPendingUntilApprovedAndTheCodeIsGoodOnce()
        {
            using var client = EmulatorClient.Create(o => o.DeviceCodeAutoApprove = false);

            var start = await RequestCodeAsync(client, client.Eu, client.Eu.TenantId);
            var userCode = start.Json.GetProperty("user_code").GetString()!;
            var deviceCode = start.Json.GetProperty("device_code").GetString()!;
            var pending = await PollAsync(client, client.Eu, deviceCode);
            client.Cloud.ApproveDeviceCode(userCode);
            var tokens = await PollAsync(client, client.Eu, deviceCode);
            var again = await PollAsync(client, client.Eu, deviceCode);

            Assert.True(start.Status == 200, start.ToString());
            Assert.Matches("^[A-Z0-9]{9}$", userCode);
            Assert.Equal("https://microsoft.com/devicelogin", start.Json.GetProperty("verification_uri").GetString());
            Assert.Equal(900, start.Json.GetProperty("expires_in").GetInt32());
            Assert.Equal(1, start.Json.GetProperty("interval").GetInt32());
            AssertError(pending, "authorization_pending", "AADSTS70016");
            Assert.True(tokens.Status == 200, tokens.ToString());
            Assert.Equal("user", EmulatorClient.Claims(tokens.Json.GetProperty("access_token").GetString()!).GetProperty("idtyp").GetString());
            Assert.StartsWith("0.", tokens.Json.GetProperty("refresh_token").GetString());
            var id = EmulatorClient.Claims(tokens.Json.GetProperty("id_token").GetString()!);
            Assert.Equal(client.Eu.ClientId, id.GetProperty("aud").GetString());
            Assert.Equal(client.Eu.TenantId, id.GetProperty("tid").GetString());
            Assert.Equal(client.Eu.AdminUserPrincipalName, id.GetProperty("preferred_username").GetString());
            Assert.Equal("https://login.microsoftonline.com/" + client.Eu.TenantId + "/v2.0", id.GetProperty("iss").GetString());
            var clientInfo = EmulatorClient.Base64UrlJson(tokens.Json.GetProperty("client_info").GetString()!);
            Assert.Equal(id.GetProperty("oid").GetString(), clientInfo.GetProperty("uid").GetString());
            Assert.Equal(client.Eu.TenantId, clientInfo.GetProperty("utid").GetString());
            AssertError(again, "bad_verification_code", "AADSTS70018");
            Assert.Throws<ArgumentException>(() => client.Cloud.ApproveDeviceCode(userCode));
        }

        [Fact]
        public async Task APublicClientsRefreshTokenIsRedeemedWithoutASecretAConfidentialOneIsNot()
        {
            using var client = EmulatorClient.Create();
            var customer = client.CustomersOf(client.Eu)[0];
            var start = await RequestCodeAsync(client, client.Eu, client.Eu.TenantId);
            var tokens = await PollAsync(client, client.Eu, start.Json.GetProperty("device_code").GetString()!);
            Dictionary<string, string> Refresh(EmulatedPartner partner, string refreshToken)
            {
                var form = EmulatorClient.RefreshToken(partner, EmulatorClient.GraphScope + " offline_access openid profile", refreshToken);
                form.Remove("client_secret");
                return form;
            }

            var publicToken = tokens.Json.GetProperty("refresh_token").GetString()!;
            var graph = await client.PostTokenAsync(customer.Id, Refresh(client.Eu, publicToken));
            var confidential = await client.PostTokenAsync(customer.Id, Refresh(client.Eu, client.Eu.RefreshToken));
            var otherApp = await client.PostTokenAsync(client.Us.TenantId, Refresh(client.Us, publicToken));
            var stranger = await client.PostTokenAsync(client.OtherOnlyCustomer().Id, Refresh(client.Eu, publicToken));

            Assert.True(graph.Status == 200, graph.ToString());
            Assert.Equal(customer.Id, EmulatorClient.Claims(graph.Json.GetProperty("access_token").GetString()!).GetProperty("tid").GetString());
            Assert.False(graph.Json.TryGetProperty("client_info", out _)); // only when asked for (client_info=1)
            Assert.Equal(customer.Id, EmulatorClient.Claims(graph.Json.GetProperty("id_token").GetString()!).GetProperty("tid").GetString());
            Assert.Equal(401, confidential.Status);
            Assert.StartsWith("AADSTS7000218: ", confidential.Json.GetProperty("error_description").GetString());
            AssertError(otherApp, "invalid_grant", "AADSTS9002313");
            AssertError(stranger, "unauthorized_client", "AADSTS700016");
        }

        [Fact]
        public async Task TheDeviceCodeEndpointKeepsTheAppsScope()
        {
            using var client = EmulatorClient.Create();
            var customer = client.CustomersOf(client.Eu)[0];

            var unknownApp = await client.PostTokenAsync(client.Eu.TenantId,
                new Dictionary<string, string> { ["client_id"] = Guid.Empty.ToString(), ["scope"] = MsalScopes }, "oauth2/v2.0/devicecode");
            var partnerCenterInACustomer = await RequestCodeAsync(client, client.Eu, customer.Id);
            var noScope = await RequestCodeAsync(client, client.Eu, client.Eu.TenantId, "openid profile offline_access");
            var get = await client.GetAsync("login/" + client.Eu.TenantId + "/oauth2/v2.0/devicecode");

            AssertError(unknownApp, "unauthorized_client", "AADSTS700016");
            AssertError(partnerCenterInACustomer, "unauthorized_client", "AADSTS700016");
            AssertError(noScope, "invalid_scope", "AADSTS70011");
            Assert.Equal(405, get.Status);
        }
    }
}
