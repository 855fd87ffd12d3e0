using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace CspAdmin.Emulator.Seed
{
    /// <summary>
    /// Builds the initial world from (Seed, Customers, UsersPerCustomer) and the clock: three partner accounts, our customers
    /// alternating eu/us, the "other" partner's customers, subscriptions and users with consistent seat counts.
    /// Every random choice comes from one seeded <see cref="SeededRandom"/>, so a seed always gives the same world
    /// (dates are relative to the clock). Fixed patterns (index % k) guarantee the scenarios tests rely on
    /// even for small customer counts.
    /// </summary>
    internal sealed class SeedGenerator
    {
        private const int OtherPartnerCustomerUserCap = 25;
        private const int ProspectMinUsers = 3;
        private const int ProspectMaxUsers = 10;

        /// <summary>Directory roles of a customer's first users: an IT manager who is Global Administrator, then user and license admins.</summary>
        private static readonly string[] DirectoryAdmins =
        {
            GdapRoles.GlobalAdministrator, GdapRoles.UserAdministrator, GdapRoles.LicenseAdministrator, GdapRoles.UserAdministrator,
        };

        private readonly SeededRandom _rng;
        private readonly DateTimeOffset _now;
        private readonly int _customers;
        private readonly int _usersPerCustomer;
        private readonly EmulatorState _state = new EmulatorState();
        private readonly HashSet<string> _prefixes = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        private int _companyCursor;

        private SeedGenerator(EmulatorOptions options)
        {
            _rng = new SeededRandom(options.Seed);
            _now = options.Clock.GetUtcNow();
            _customers = Math.Max(0, options.Customers);
            _usersPerCustomer = Math.Max(0, options.UsersPerCustomer);
            _state.Seed = options.Seed;
        }

        public static EmulatorState Generate(EmulatorOptions options) => new SeedGenerator(options).Run();

        private EmulatorState Run()
        {
            _state.SeededAt = _now;
            _state.SigningKey = Convert.ToBase64String(_rng.Bytes(32));

            var eu = CreatePartner("eu", "Cumulus Partners Europe B.V.", "EU", "NL");
            var us = CreatePartner("us", "Cumulus Partners Inc.", "US", "US");
            var other = CreatePartner("other", "Stratus IT Solutions Ltd", "EU", "GB");
            AddResellers(eu, SeedNames.EuCountries);
            AddResellers(us, SeedNames.UsCountries);

            // ~1 in 4 of our customers also buys from "other"; at least one eu customer always does.
            var shared = new bool[_customers];
            for (var i = 0; i < _customers; i++)
            {
                shared[i] = _rng.Chance(0.25);
            }

            if (_customers > 0 && !Enumerable.Range(0, _customers).Any(i => i % 2 == 0 && shared[i]))
            {
                shared[(_customers - 1) / 2 * 2] = true;
            }

            for (var i = 0; i < _customers; i++)
            {
                CreateOurCustomer(i, i % 2 == 0 ? eu : us, shared[i] ? other : null);
            }

            var ownCustomers = _rng.Between(2, 3);
            for (var j = 0; j < ownCustomers; j++)
            {
                CreateOtherPartnerCustomer(other, j);
            }

            // Everything below was added later and draws only after all of the above, so existing worlds are unchanged.
            foreach (var prospect in SeedNames.Prospects)
            {
                CreateProspect(prospect, other);
            }

            AddOperatorGroups();
            AddAccessAssignments();
            _state.InvalidateIndexes();
            return _state;
        }

        private PartnerAccountState CreatePartner(string name, string company, string region, string country)
        {
            var tenant = NewTenant(company, country, region, TenantKinds.Partner);
            var taken = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            var admin = NewUser(tenant, taken);
            admin.JobTitle = "CSP Administrator";
            admin.Department = "IT";
            tenant.AddUser(admin);
            tenant.RoleAssignments.Add(RoleAssignmentState.For(GdapRoles.GlobalAdministrator, admin.Id, admin.CreatedDateTime));
            for (var i = 0; i < 4; i++)
            {
                tenant.AddUser(NewUser(tenant, taken));
            }

            var partner = new PartnerAccountState
            {
                Name = name,
                TenantId = tenant.Id,
                CompanyName = company,
                MpnId = _rng.Digits(7),
                Region = region,
                ClientId = _rng.Guid(),
                ClientSecret = _rng.ClientSecret(),
                AppDisplayName = company + " CSP automation",
                ServicePrincipalId = _rng.Guid(),
                AdminUserId = admin.Id,
                AdminUserPrincipalName = admin.UserPrincipalName,
                AdminDisplayName = admin.DisplayName,
            };
            _state.Partners.Add(partner);
            _state.Tenants.Add(tenant);
            return partner;
        }

        private void AddResellers(PartnerAccountState partner, IReadOnlyList<string> countries)
        {
            for (var i = 0; i < 2; i++)
            {
                partner.IndirectResellers.Add(new ResellerState
                {
                    TenantId = _rng.Guid(),
                    Name = SeedNames.Resellers[(_state.Partners.IndexOf(partner) * 2 + i) % SeedNames.Resellers.Count],
                    MpnId = _rng.Digits(7),
                    Country = _rng.Pick(countries),
                });
            }
        }

        private void CreateOurCustomer(int index, PartnerAccountState partner, PartnerAccountState? other)
        {
            var country = _rng.Pick(partner.Region == "US" ? SeedNames.UsCountries : SeedNames.EuCountries);
            var tenant = NewTenant(NextCompanyName(), country, partner.Region, TenantKinds.Customer);
            var reseller = _rng.Chance(1.0 / 3) ? _rng.Pick(partner.IndirectResellers) : null;
            // GDAP gaps the write routes answer 403 for: index % 6 == 3 lacks License Administrator (assignLicense still works
            // through User Administrator), index % 6 == 4 lacks User Administrator (no user writes), and index % 12 == 10 lacks
            // both (Directory Readers only: no writes at all). Other customers have all three roles.
            tenant.Relationships.Add(NewRelationship(tenant, partner, reseller,
                lacksLicenseAdministrator: index % 6 == 3 || index % 12 == 10, lacksUserAdministrator: index % 6 == 4));

            var users = _usersPerCustomer;
            var baseProduct = ProductCatalog.Get(_rng.Pick(ProductCatalog.BaseProducts));
            var baseSubscription = AddSubscription(tenant, partner, reseller, baseProduct,
                Math.Max(1, users + _rng.Between(-users / 5, users / 5)), _rng.Chance(0.65));

            var count = _rng.Between(2, 5);
            var trial = index % 8 == 5;
            if (trial)
            {
                count = Math.Min(count, 4);
            }

            var extras = new List<SubscriptionState>();
            var usedExtras = new HashSet<string>();
            for (var planned = 1; planned < count; planned++)
            {
                var roll = _rng.NextDouble();
                var addOns = ProductCatalog.All.Where(p => p.IsAddOn && p.AddOnParents.Contains(baseProduct.SkuPartNumber)).ToList();
                if (roll < 0.3 && addOns.Count > 0)
                {
                    var addOn = _rng.Pick(addOns);
                    extras.Add(AddSubscription(tenant, partner, reseller, addOn,
                        _rng.Between(1, Math.Max(1, baseSubscription.Quantity / 3)), baseSubscription.IsNce, baseSubscription));
                }
                else if (roll < 0.42)
                {
                    // The same SKU bought twice, typically legacy plus NCE during the NCE migration.
                    extras.Add(AddSubscription(tenant, partner, reseller, baseProduct,
                        _rng.Between(1, Math.Max(1, users / 5)), !baseSubscription.IsNce));
                }
                else
                {
                    var product = ProductCatalog.Get(PickUnused(ProductCatalog.ExtraProducts, usedExtras));
                    extras.Add(AddSubscription(tenant, partner, reseller, product,
                        _rng.Between(1, Math.Max(1, users / 2)), _rng.Chance(0.6)));
                }
            }

            if (trial)
            {
                AddTrial(tenant, partner, reseller, ProductCatalog.Get(PickUnused(ProductCatalog.ExtraProducts, usedExtras)));
            }

            if (extras.Count > 0 && index % 7 == 4)
            {
                Suspend(_rng.Pick(extras));
            }
            else if (extras.Count > 0 && index % 11 == 7)
            {
                Expire(_rng.Pick(extras));
            }

            if (other != null)
            {
                tenant.Relationships.Add(NewRelationship(tenant, other, null, lacksLicenseAdministrator: false, lacksUserAdministrator: false));
                var product = _rng.Chance(0.5) ? baseProduct : ProductCatalog.Get(_rng.Pick(ProductCatalog.ExtraProducts));
                AddSubscription(tenant, other, null, product, _rng.Between(1, Math.Max(1, users / 4)), nce: true);
            }

            PopulateDirectory(tenant, users, exactlyFullSku: index % 3 == 1);
            _state.Tenants.Add(tenant);
        }

        private void CreateOtherPartnerCustomer(PartnerAccountState other, int j)
        {
            var country = _rng.Pick(SeedNames.EuCountries);
            var tenant = NewTenant(SeedNames.OtherPartnerCompanies[j % SeedNames.OtherPartnerCompanies.Count], country, other.Region, TenantKinds.Customer);
            tenant.Relationships.Add(NewRelationship(tenant, other, null, lacksLicenseAdministrator: false, lacksUserAdministrator: false));
            var users = Math.Min(_usersPerCustomer, OtherPartnerCustomerUserCap);
            AddSubscription(tenant, other, null, ProductCatalog.Get(_rng.Pick(ProductCatalog.BaseProducts)), Math.Max(1, users), nce: true);
            AddSubscription(tenant, other, null, ProductCatalog.Get(_rng.Pick(ProductCatalog.ExtraProducts)), Math.Max(1, users / 3), nce: true);
            PopulateDirectory(tenant, users, exactlyFullSku: false);
            _state.Tenants.Add(tenant);
        }

        /// <summary>
        /// An existing Microsoft 365 tenant (users, its own domain) that neither "eu" nor "us" serves yet, to onboard in tests;
        /// some buy from "other".
        /// </summary>
        private void CreateProspect(SeedNames.Prospect prospect, PartnerAccountState other)
        {
            var tenant = NewTenant(prospect.Company, prospect.Country, prospect.Region, TenantKinds.Customer);
            var users = Math.Max(ProspectMinUsers, Math.Min(ProspectMaxUsers, _usersPerCustomer));
            if (prospect.BuysFromOther)
            {
                tenant.Relationships.Add(NewRelationship(tenant, other, null, lacksLicenseAdministrator: false, lacksUserAdministrator: false));
                AddSubscription(tenant, other, null, ProductCatalog.Get(_rng.Pick(ProductCatalog.BaseProducts)), users, nce: true);
            }

            PopulateDirectory(tenant, users, exactlyFullSku: false);
            _state.Tenants.Add(tenant);
        }

        /// <summary>A "CspAdmin Operators" security group in each partner tenant, with the partner's admin as its member.</summary>
        private void AddOperatorGroups()
        {
            foreach (var partner in _state.Partners)
            {
                var tenant = _state.Tenants.First(t => t.Id == partner.TenantId);
                var group = SecurityGroupState.Operators(_rng.Guid(), partner.AdminUserId, tenant.CreatedDateTime + TimeSpan.FromDays(1));
                tenant.SecurityGroups.Add(group);
                partner.OperatorsGroupId = group.Id;
            }
        }

        /// <summary>Every GDAP relationship assigns all of its roles to its partner's operators group, so the roles take effect.</summary>
        private void AddAccessAssignments()
        {
            foreach (var tenant in _state.Tenants)
            {
                foreach (var relationship in tenant.Relationships)
                {
                    var gdap = relationship.Gdap;
                    var partner = _state.FindPartner(relationship.PartnerTenantId);
                    if (gdap != null && partner != null)
                    {
                        gdap.AccessAssignments.Add(GdapAccessAssignmentState.For(_rng.Guid(), partner.OperatorsGroupId, gdap.RoleDefinitionIds, gdap.ActivatedDateTime));
                    }
                }
            }
        }

        private TenantState NewTenant(string company, string country, string region, string kind)
        {
            var prefix = UniquePrefix(company);
            var place = SeedNames.Place(country);
            var customDomain = prefix + "." + SeedNames.TopLevelDomain(country);
            return new TenantState
            {
                Id = _rng.Guid(),
                Kind = kind,
                DisplayName = company,
                CountryLetterCode = country,
                Region = region,
                DefaultDomain = prefix + ".onmicrosoft.com",
                CustomDomains = { customDomain },
                CreatedDateTime = _now - TimeSpan.FromDays(_rng.Between(400, 3000)) - TimeSpan.FromMinutes(_rng.Next(1440)),
                CommerceId = _rng.Guid(),
                BillingAccountId = _rng.Guid(),
                Email = "billing@" + customDomain,
                PreferredLanguage = SeedNames.PreferredLanguage(country),
                Address = new AddressState
                {
                    AddressLine1 = _rng.Between(1, 250) + " Main Street",
                    City = place.City,
                    Region = place.Region,
                    PostalCode = place.PostalCode,
                    Country = country,
                    PhoneNumber = place.Phone + " " + _rng.Digits(3) + " " + _rng.Digits(4),
                },
            };
        }

        private PartnerRelationshipState NewRelationship(TenantState tenant, PartnerAccountState partner, ResellerState? reseller,
            bool lacksLicenseAdministrator, bool lacksUserAdministrator)
        {
            var roles = new List<string>();
            if (!lacksLicenseAdministrator)
            {
                roles.Add(GdapRoles.LicenseAdministrator);
            }

            if (!lacksUserAdministrator)
            {
                roles.Add(GdapRoles.UserAdministrator);
            }

            roles.Add(GdapRoles.DirectoryReaders);
            var created = tenant.CreatedDateTime + TimeSpan.FromDays(_rng.Between(1, 300));
            // The draws in their original order (id, activation, end), so every seed's world stays as it was.
            var gdapId = _rng.Guid() + "-" + _rng.Guid();
            var activated = _now - TimeSpan.FromDays(_rng.Between(30, 600));
            var end = _now + TimeSpan.FromDays(_rng.Between(60, 700));
            return new PartnerRelationshipState
            {
                PartnerTenantId = partner.TenantId,
                RelationshipToPartner = "reseller",
                IndirectResellerTenantId = reseller?.TenantId,
                AllowDelegatedAccess = true,
                CreatedDateTime = created,
                Gdap = new GdapRelationshipState
                {
                    Id = gdapId,
                    DisplayName = Truncate(partner.Name.ToUpperInvariant() + " " + tenant.DisplayName + " admin", 50),
                    Status = "active",
                    // Approved the day after it was created; the duration is what the seed's end date implies.
                    CreatedDateTime = activated - TimeSpan.FromDays(1),
                    ActivatedDateTime = activated,
                    EndDateTime = end,
                    Duration = GdapRelationshipState.DurationOf(end - activated),
                    AutoExtendDuration = "PT0S",
                    RoleDefinitionIds = roles,
                },
            };
        }

        private SubscriptionState AddSubscription(TenantState tenant, PartnerAccountState seller, ResellerState? reseller,
            CatalogProduct product, int quantity, bool nce, SubscriptionState? parent = null)
        {
            // Most purchases are old; ~15% fall inside the 168-hour NCE window.
            var created = _rng.Chance(0.15)
                ? _now - TimeSpan.FromHours(_rng.Between(2, 160))
                : _now - TimeSpan.FromDays(_rng.Between(10, 900)) - TimeSpan.FromMinutes(_rng.Next(1440));
            if (parent != null && created < parent.CreationDate)
            {
                created = parent.CreationDate + TimeSpan.FromHours(_rng.Between(1, 48));
                if (created > _now)
                {
                    created = _now - TimeSpan.FromMinutes(30);
                }
            }

            string term, billing;
            if (nce)
            {
                var roll = _rng.NextDouble();
                (term, billing) = roll < 0.3 ? ("P1M", "monthly") : roll < 0.65 ? ("P1Y", "monthly") : roll < 0.95 ? ("P1Y", "annual") : ("P3Y", "annual");
            }
            else
            {
                (term, billing) = ("P1Y", _rng.Chance(0.5) ? "monthly" : "annual");
            }

            // Renewals: the current term is the last one that started before now.
            var months = SubscriptionTerms.TermMonths(term);
            var termStart = created;
            while (termStart.AddMonths(months) <= _now)
            {
                termStart = termStart.AddMonths(months);
            }

            var subscription = new SubscriptionState
            {
                Id = _rng.Guid(),
                DirectoryId = _rng.Guid(),
                SellerTenantId = seller.TenantId,
                ResellerTenantId = reseller?.TenantId,
                SkuId = product.SkuId,
                IsNce = nce,
                OfferId = nce ? product.NceOfferId : product.LegacyOfferId,
                OfferName = product.DisplayName,
                FriendlyName = product.DisplayName,
                Quantity = quantity,
                Status = SubscriptionStatus.Active,
                AutoRenewEnabled = !nce || _rng.Chance(0.85),
                BillingCycle = billing,
                TermDuration = term,
                CreationDate = created,
                TermStartDate = termStart,
                CommitmentEndDate = SubscriptionTerms.CommitmentEnd(termStart, term, nce),
                ParentSubscriptionId = parent?.Id,
                OrderId = nce ? _rng.OrderId() : _rng.Guid().ToUpperInvariant(),
            };

            // Seat history: the purchase, the renewal (re-buys the then-current seats) and sometimes a later increase.
            var added = quantity > 2 && _rng.Chance(0.25) ? _rng.Between(1, Math.Min(3, quantity - 1)) : 0;
            subscription.SeatEvents.Add(new SeatEventState { Quantity = quantity - added, At = created });
            if (termStart > created)
            {
                subscription.SeatEvents.Add(new SeatEventState { Quantity = quantity - added, At = termStart });
            }

            if (added > 0)
            {
                var at = _now - TimeSpan.FromHours(_rng.Between(1, 300));
                subscription.SeatEvents.Add(new SeatEventState { Quantity = added, At = at < termStart ? termStart : at });
            }

            tenant.Subscriptions.Add(subscription);
            return subscription;
        }

        private void AddTrial(TenantState tenant, PartnerAccountState seller, ResellerState? reseller, CatalogProduct product)
        {
            var subscription = AddSubscription(tenant, seller, reseller, product, 25, nce: true);
            var created = _now - TimeSpan.FromDays(_rng.Between(1, 25));
            subscription.IsTrial = true;
            subscription.AutoRenewEnabled = false;
            subscription.BillingCycle = "none";
            subscription.TermDuration = "P1M";
            subscription.CreationDate = created;
            subscription.TermStartDate = created;
            subscription.CommitmentEndDate = SubscriptionTerms.CommitmentEnd(created, "P1M", nce: true);
            subscription.FriendlyName = product.DisplayName + " Trial";
            subscription.SeatEvents.Clear();
            subscription.SeatEvents.Add(new SeatEventState { Quantity = 25, At = created });
        }

        private void Suspend(SubscriptionState subscription)
        {
            subscription.Status = SubscriptionStatus.Suspended;
            subscription.StatusChangedDate = _now - TimeSpan.FromDays(_rng.Between(1, 40));
            subscription.SuspensionReasons.Add("PartnerInitiated");
            subscription.AutoRenewEnabled = false;
        }

        private void Expire(SubscriptionState subscription)
        {
            // Ended a few days ago without renewal; still in the grace period.
            var months = SubscriptionTerms.TermMonths(subscription.TermDuration);
            var end = _now - TimeSpan.FromDays(_rng.Between(1, 20));
            subscription.TermStartDate = end.AddMonths(-months);
            if (subscription.CreationDate > subscription.TermStartDate)
            {
                subscription.CreationDate = subscription.TermStartDate;
                subscription.SeatEvents[0].At = subscription.CreationDate;
            }

            subscription.CommitmentEndDate = SubscriptionTerms.CommitmentEnd(subscription.TermStartDate, subscription.TermDuration, subscription.IsNce);
            subscription.Status = SubscriptionStatus.Expired;
            subscription.StatusChangedDate = end;
            subscription.AutoRenewEnabled = false;
            subscription.SeatEvents.RemoveAll(e => e.At > end);
            if (subscription.SeatEvents.Count == 0)
            {
                subscription.SeatEvents.Add(new SeatEventState { Quantity = subscription.Quantity, At = subscription.TermStartDate });
            }
        }

        /// <summary>
        /// Creates the users and hands out seats so that, per SKU, consumed never exceeds the active seats.
        /// Each user gets at most one base product; add-ons go only to holders of a parent product.
        /// </summary>
        private void PopulateDirectory(TenantState tenant, int userCount, bool exactlyFullSku)
        {
            var taken = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < userCount; i++)
            {
                var user = NewUser(tenant, taken);
                if (i == 0)
                {
                    user.JobTitle = "IT Manager";
                    user.Department = "IT";
                }
                else if (_rng.Chance(0.04))
                {
                    user.AccountEnabled = false; // blocked sign-in, often still licensed: what license reviews look for
                }

                tenant.AddUser(user);
                if (i < DirectoryAdmins.Length)
                {
                    // Directory roles without random draws (ids derive from role and user), so the rest of the world is unchanged.
                    tenant.RoleAssignments.Add(RoleAssignmentState.For(DirectoryAdmins[i], user.Id, user.CreatedDateTime));
                }
            }

            var capacity = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            var skuOrder = new List<string>();
            foreach (var subscription in tenant.Subscriptions)
            {
                if (!capacity.ContainsKey(subscription.SkuId))
                {
                    capacity[subscription.SkuId] = 0;
                    skuOrder.Add(subscription.SkuId);
                }

                // Only active (incl. trial) seats are handed out, so consumed <= prepaidUnits.enabled for every seeded SKU.
                if (subscription.Status == SubscriptionStatus.Active)
                {
                    capacity[subscription.SkuId] += subscription.Quantity;
                }
            }

            var users = tenant.Users;
            var cursor = 0;
            var fullChosen = false;
            foreach (var skuId in skuOrder.Where(s => IsBase(s)))
            {
                var seats = capacity[skuId];
                var free = users.Count - cursor;
                var full = exactlyFullSku && !fullChosen && seats <= free;
                var target = full ? seats : Math.Min(seats, free) - _rng.Between(0, Math.Min(2, Math.Max(0, Math.Min(seats, free) - 1)));
                fullChosen |= full && seats > 0;
                for (var k = 0; k < target; k++)
                {
                    Assign(users[cursor++], skuId);
                }
            }

            foreach (var skuId in skuOrder.Where(s => !IsBase(s)))
            {
                var product = ProductCatalog.FindBySkuId(skuId);
                var candidates = product != null && product.IsAddOn
                    ? users.Where(u => u.AssignedLicenses.Any(l => product.AddOnParents.Contains(ProductCatalog.FindBySkuId(l.SkuId)?.SkuPartNumber ?? ""))).ToList()
                    : users;
                var seats = capacity[skuId];
                var full = exactlyFullSku && !fullChosen && seats > 0 && seats <= candidates.Count;
                var target = full ? seats : Math.Max(0, Math.Min(seats, candidates.Count) - _rng.Between(0, Math.Min(2, seats)));
                fullChosen |= full;
                foreach (var pick in _rng.Sample(candidates.Count, target))
                {
                    Assign(candidates[pick], skuId);
                }
            }

            var deleted = _rng.Between(1, 2);
            for (var i = 0; i < deleted; i++)
            {
                var user = NewUser(tenant, taken);
                user.Seq = tenant.NextUserSeq++;
                user.DeletedDateTime = _now - TimeSpan.FromDays(_rng.Between(1, 29)) - TimeSpan.FromMinutes(_rng.Next(1440));
                if (skuOrder.Count > 0)
                {
                    // Deleted users keep their assignments for a restore, but no longer consume seats.
                    user.AssignedLicenses.Add(new AssignedLicenseState { SkuId = skuOrder[0], AssignedDateTime = user.CreatedDateTime });
                }

                tenant.DeletedUsers.Add(user);
            }
        }

        private static bool IsBase(string skuId)
        {
            var product = ProductCatalog.FindBySkuId(skuId);
            return product != null && ProductCatalog.BaseProducts.Contains(product.SkuPartNumber);
        }

        private void Assign(UserState user, string skuId)
        {
            var license = new AssignedLicenseState { SkuId = skuId, AssignedDateTime = user.CreatedDateTime + TimeSpan.FromHours(_rng.Between(1, 72)) };
            if (license.AssignedDateTime > _now)
            {
                license.AssignedDateTime = _now;
            }

            var product = ProductCatalog.FindBySkuId(skuId);
            if (product != null && product.ServicePlans.Count > 2 && _rng.Chance(0.08))
            {
                // A few users have one service plan switched off (e.g. no Sway, no Teams).
                license.DisabledPlans.Add(product.ServicePlans[1 + _rng.Next(product.ServicePlans.Count - 1)].Id);
            }

            user.AssignedLicenses.Add(license);
        }

        private UserState NewUser(TenantState tenant, Dictionary<string, int> taken)
        {
            var first = _rng.Pick(SeedNames.FirstNames);
            var last = _rng.Pick(SeedNames.LastNames);
            // first.last, then first.last2, first.last3, ... (a counter per stem keeps 50,000-user tenants linear).
            var stem = (first + "." + last).ToLowerInvariant();
            taken.TryGetValue(stem, out var used);
            taken[stem] = used + 1;
            var local = used == 0 ? stem : stem + (used + 1).ToString(CultureInfo.InvariantCulture);

            var country = tenant.CountryLetterCode;
            var place = SeedNames.Place(country);
            var created = _now - TimeSpan.FromDays(_rng.Between(5, 1500)) - TimeSpan.FromMinutes(_rng.Next(1440));
            if (created < tenant.CreatedDateTime)
            {
                created = tenant.CreatedDateTime + TimeSpan.FromHours(_rng.Between(1, 200));
            }

            return new UserState
            {
                Id = _rng.Guid(),
                UserPrincipalName = local + "@" + tenant.DefaultDomain,
                DisplayName = first + " " + last,
                GivenName = first,
                Surname = last,
                Mail = local + "@" + (tenant.CustomDomains.Count > 0 ? tenant.CustomDomains[0] : tenant.DefaultDomain),
                MailNickname = local,
                AccountEnabled = true,
                UsageLocation = country,
                JobTitle = _rng.Pick(SeedNames.JobTitles),
                Department = _rng.Pick(SeedNames.Departments),
                OfficeLocation = _rng.Between(1, 6) + "/" + _rng.Between(1000, 4999),
                CompanyName = tenant.DisplayName,
                City = place.City,
                Country = country,
                PostalCode = place.PostalCode,
                BusinessPhones = { place.Phone + " " + _rng.Digits(3) + " " + _rng.Digits(4) },
                MobilePhone = _rng.Chance(0.3) ? place.Phone + " " + _rng.Digits(3) + " " + _rng.Digits(4) : null,
                PreferredLanguage = tenant.PreferredLanguage,
                CreatedDateTime = created,
            };
        }

        private string NextCompanyName()
        {
            var k = _companyCursor++;
            var name = SeedNames.Companies[k % SeedNames.Companies.Count];
            var round = k / SeedNames.Companies.Count;
            return round == 0 ? name : name + " " + (round + 1);
        }

        private string PickUnused(IReadOnlyList<string> candidates, HashSet<string> used)
        {
            var free = candidates.Where(c => !used.Contains(c)).ToList();
            var pick = free.Count > 0 ? _rng.Pick(free) : _rng.Pick(candidates);
            used.Add(pick);
            return pick;
        }

        private string UniquePrefix(string company)
        {
            var builder = new StringBuilder();
            foreach (var c in company.ToLowerInvariant())
            {
                if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
                {
                    builder.Append(c);
                }
            }

            var stem = builder.Length > 0 ? builder.ToString() : "tenant";
            var prefix = stem;
            for (var n = 2; !_prefixes.Add(prefix); n++)
            {
                prefix = stem + n;
            }

            return prefix;
        }

        private static string Truncate(string value, int max) => value.Length <= max ? value : value.Substring(0, max);
    }
}
