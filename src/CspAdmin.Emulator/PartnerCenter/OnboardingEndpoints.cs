using System;
using System.Linq;
using CspAdmin.Emulator.Http;

namespace CspAdmin.Emulator.PartnerCenter
{
    /// <summary>
    /// Onboarding customers: GET customers/relationshiprequests (the reseller invitation link, App+User only), HEAD/GET
    /// domains/{domain} (is the domain taken?) and POST customers (a new tenant with its admin, the reseller relationship and a
    /// default GDAP relationship assigned to the partner's operators group, so the customer is manageable at once).
    /// </summary>
    internal static class OnboardingEndpoints
    {
        /// <summary>The default GDAP relationship of a customer created through Partner Center.</summary>
        public static readonly TimeSpan DefaultGdapDuration = TimeSpan.FromDays(730);

        private static readonly string[] DefaultGdapRoles = { GdapRoles.DirectoryReaders, GdapRoles.UserAdministrator, GdapRoles.LicenseAdministrator };

        /// <summary>
        /// {"url","attributes":{"objectType":"RelationshipRequest"}}: the direct link, or the indirect one for ?indirectResellerId=
        /// (one of the partner's indirect resellers; otherwise 400). indirectCloudSolutionProviderId (a tenant id) and
        /// dualRoleIndirectRelationship (true/false) are checked and otherwise ignored.
        /// </summary>
        public static EmulatorResponse RelationshipRequest(PcCall call)
        {
            var query = call.Request.Query;
            var provider = query["indirectCloudSolutionProviderId"];
            if (!string.IsNullOrWhiteSpace(provider) && !Guid.TryParse(provider, out _))
            {
                return PcErrors.InvalidInput($"indirectCloudSolutionProviderId '{provider}' is not a tenant id.", provider!);
            }

            var dualRole = query["dualRoleIndirectRelationship"];
            if (!string.IsNullOrWhiteSpace(dualRole) && !bool.TryParse(dualRole, out _))
            {
                return PcErrors.InvalidInput($"dualRoleIndirectRelationship '{dualRole}' is neither true nor false.", dualRole!);
            }

            ResellerState? reseller = null;
            var resellerId = query["indirectResellerId"];
            if (!string.IsNullOrWhiteSpace(resellerId))
            {
                reseller = call.Partner.FindReseller(resellerId!.Trim());
                if (reseller == null)
                {
                    return PcErrors.InvalidInput($"indirectResellerId '{resellerId}' is not an indirect reseller of this partner.", resellerId);
                }
            }

            return call.Ok(w =>
            {
                w.WriteStartObject();
                w.WriteString("url", Invitations.Url(call.Partner, reseller));
                PcJson.Attributes(w, "RelationshipRequest");
                w.WriteEndObject();
            });
        }

        /// <summary>HEAD (or GET) domains/{domain}: 200 when a tenant owns it (default or custom domain), 404 when it is free; no body.</summary>
        public static EmulatorResponse DomainExists(PcCall call) =>
            new EmulatorResponse(call.Cloud.State.FindTenantByDomain(call.Route["domain"].Trim()) != null ? 200 : 404);

        /// <summary>POST customers: 201 with the Customer (as GET customers/{id} shows it) plus userCredentials of the new admin.</summary>
        public static EmulatorResponse CreateCustomer(PcCall call)
        {
            var input = NewCustomerInput.Read(call, out var error);
            if (input == null)
            {
                return error!;
            }

            var (tenant, relationship, password) = Create(call, input);
            return call.Json(201, w =>
            {
                w.WriteStartObject();
                PcJson.Customer(w, tenant, relationship, withBillingProfile: true);
                w.WriteStartObject("userCredentials");
                w.WriteString("userName", "admin");
                w.WriteString("password", password);
                PcJson.Attributes(w, "UserCredentials");
                w.WriteEndObject();
                w.WriteEndObject();
            });
        }

        private static (TenantState Tenant, PartnerRelationshipState Relationship, string Password) Create(PcCall call, NewCustomerInput input)
        {
            var state = call.Cloud.State;
            var now = call.Now;
            var partner = call.Partner;
            var tenant = new TenantState
            {
                Id = state.NewId(),
                Kind = TenantKinds.Customer,
                DisplayName = input.CompanyName,
                CountryLetterCode = input.Address.Country,
                Region = partner.Region,
                DefaultDomain = input.Domain,
                CreatedDateTime = now,
                CommerceId = state.NewId(),
                BillingAccountId = state.NewId(),
                Email = input.Email,
                PreferredLanguage = input.Culture,
                Address = input.Address,
            };

            // The admin Partner Center reports as userName "admin" (admin@{domain}), Global Administrator, with a generated password.
            var admin = new UserState
            {
                Id = state.NewId(),
                UserPrincipalName = "admin@" + input.Domain,
                DisplayName = input.Address.FirstName != null && input.Address.LastName != null
                    ? input.Address.FirstName + " " + input.Address.LastName : "Administrator",
                GivenName = input.Address.FirstName,
                Surname = input.Address.LastName,
                MailNickname = "admin",
                UsageLocation = input.Address.Country,
                CompanyName = input.CompanyName,
                Country = input.Address.Country,
                City = input.Address.City,
                PreferredLanguage = input.Culture,
                CreatedDateTime = now,
            };
            var password = PasswordProfileState.Generate(state.SigningKey, "customer-admin|" + tenant.Id);
            admin.PasswordProfile = PasswordProfileState.Create(password, PasswordProfileState.Salt(state.SigningKey, tenant.Id, admin.Id, now), true, false);
            admin.LastPasswordChangeDateTime = now;
            tenant.AddUser(admin);
            tenant.RoleAssignments.Add(RoleAssignmentState.For(GdapRoles.GlobalAdministrator, admin.Id, now));

            var relationship = new PartnerRelationshipState
            {
                PartnerTenantId = partner.TenantId,
                RelationshipToPartner = "reseller",
                IndirectResellerTenantId = input.Reseller?.TenantId,
                // New customers get GDAP, not DAP.
                AllowDelegatedAccess = false,
                CreatedDateTime = now,
                Gdap = new GdapRelationshipState
                {
                    Id = state.NewId() + "-" + state.NewId(),
                    DisplayName = DefaultGdapName(state, partner, input.CompanyName),
                    Status = "active",
                    CreatedDateTime = now,
                    ActivatedDateTime = now,
                    EndDateTime = now + DefaultGdapDuration,
                    Duration = GdapRelationshipState.DurationOf(DefaultGdapDuration),
                    AutoExtendDuration = "P180D",
                    RoleDefinitionIds = DefaultGdapRoles.ToList(),
                },
            };
            relationship.Gdap.AccessAssignments.Add(GdapAccessAssignmentState.For(state.NewId(), partner.OperatorsGroupId, DefaultGdapRoles, now));
            tenant.Relationships.Add(relationship);
            state.AddTenant(tenant);
            return (tenant, relationship, password);
        }

        /// <summary>"Default_{company}_{n}" (at most 50 characters), n making it unique among the partner's relationships.</summary>
        private static string DefaultGdapName(EmulatorState state, PartnerAccountState partner, string company)
        {
            var taken = state.Tenants
                .Select(t => t.RelationshipWith(partner.TenantId)?.Gdap?.DisplayName)
                .Where(n => n != null)
                .ToList();
            for (var n = 1; ; n++)
            {
                var suffix = "_" + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
                var stem = "Default_" + company;
                var name = (stem.Length + suffix.Length > 50 ? stem.Substring(0, 50 - suffix.Length) : stem) + suffix;
                if (!taken.Contains(name, StringComparer.OrdinalIgnoreCase))
                {
                    return name;
                }
            }
        }
    }
}
