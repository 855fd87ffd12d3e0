using System;
using System.Linq;
using CspAdmin.Engine;
using CspAdmin.Engine.Customers;
using CspAdmin.Engine.Graph;
using CspAdmin.Engine.Http;
using CspAdmin.Engine.Licensing;
using CspAdmin.Engine.Model;
using CspAdmin.Engine.PartnerCenter;
using CspAdmin.Engine.Subscriptions;
using CspAdmin.Tests.Support;
using Xunit;

namespace CspAdmin.Tests.Parsing
{
    /// <summary>The clients read what the real services send, as Microsoft documents it, quirks included.</summary>
    public sealed class RecordedResponseTests
    {
        private static readonly DateTimeOffset Now = new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

        [Theory]
        [InlineData("graph/list-subscribedskus.json")]
        [InlineData("graph/list-subscribedskus.contrib-latest.json")]
        public void SubscribedSkusBecomeLicenseRows(string file)
        {
            var skus = CspJson.Deserialize<GraphCollection<GraphSubscribedSku>>(Recorded.Load(file).Body).Value;

            var rows = LicenseOverview.Summarize(skus, "c1", "Contoso", "p", ProductCatalog.Default);

            var premium = Assert.Single(rows, r => r.SkuPartNumber == "ENTERPRISEPREMIUM");
            Assert.Equal("Office 365 E5", premium.Product);
            Assert.Equal(25, premium.Active);
            Assert.Equal(14, premium.Assigned);
            Assert.Equal(11, premium.Available);
            Assert.All(rows, r => Assert.Equal(r.Active - r.Assigned, r.Available));
        }

        [Fact]
        public void NewerSubscribedSkuShapeCarriesSubscriptionIdsAndLockedOut()
        {
            var skus = CspJson.Deserialize<GraphCollection<GraphSubscribedSku>>(Recorded.Load("graph/list-subscribedskus.contrib-latest.json").Body).Value;

            Assert.Contains(skus, s => s.SubscriptionIds.Count > 0);
            Assert.Contains(skus, s => s.AccountName == "Sample account One");
        }

        [Fact]
        public void SingleSubscribedSkuParses()
        {
            var sku = CspJson.Deserialize<GraphSubscribedSku>(Recorded.Load("graph/get-subscribedsku.json").Body);

            Assert.Equal("48a80680-7326-48cd-9935-b556b81d3a4e_c7df2760-2c81-4ef7-b578-5b5392b571df", sku.Id);
            Assert.Equal(25, sku.PrepaidUnits!.Enabled);
            Assert.NotEmpty(sku.ServicePlans);
        }

        [Theory]
        [InlineData("graph/list-users.json")]
        [InlineData("graph/list-users.contrib-latest.json")]
        [InlineData("graph/list-users-filter-assignedlicenses.json")]
        [InlineData("graph/list-users-filter-endswith-count.json")]
        [InlineData("graph/list-users-filter-identities.json")]
        [InlineData("graph/list-users-filter-startswith-count-top.json")]
        [InlineData("graph/list-users-search-count.json")]
        [InlineData("graph/list-users-search-or-count.json")]
        public void UserListsParse(string file)
        {
            var page = CspJson.Deserialize<GraphCollection<GraphUser>>(Recorded.Load(file).Body);

            Assert.NotEmpty(page.Value);
            Assert.All(page.Value, u => Assert.False(string.IsNullOrEmpty(u.Id ?? u.DisplayName)));
        }

        [Fact]
        public void CountIsReadWhenAsked()
        {
            var page = CspJson.Deserialize<GraphCollection<GraphUser>>(Recorded.Load("graph/list-users-filter-startswith-count-top.json").Body);

            Assert.Equal(1, page.Count);
        }

        [Theory]
        [InlineData("graph/get-user.json", "Adele Vance")]
        [InlineData("graph/get-user-select.json", "Adele Vance")]
        [InlineData("graph/create-user.json", "Adele Vance")]
        [InlineData("graph/get-me.json", "Adele Vance")]
        public void SingleUsersParse(string file, string displayName)
        {
            Assert.Equal(displayName, CspJson.Deserialize<GraphUser>(Recorded.Load(file).Body).DisplayName);
        }

        [Fact]
        public void GraphErrorsMapWithTheirRequestIdInEitherSpelling()
        {
            var older = ServiceErrors.FromBody(416, Recorded.Load("graph/error-response.json").Body, CspService.Graph, null);
            var newer = ServiceErrors.FromBody(416, Recorded.Load("graph/error-response.contrib-latest.json").Body, CspService.Graph, null);

            Assert.Equal("invalidRange", older.ServiceCode);
            Assert.Equal("request-id", older.RequestId);
            Assert.Equal("request-id", newer.RequestId);
            Assert.Contains("Uploaded fragment overlaps", newer.Message);
        }

        [Fact]
        public void GraphThrottlingMapsToLimitsExceeded()
        {
            var recorded = Recorded.Load("graph/throttling-429.json");

            var error = ServiceErrors.FromBody(recorded.Status!.Value, recorded.Body, CspService.Graph, null);

            Assert.Equal("RequestThrottled", error.ErrorId);
            Assert.Equal(CspErrorCategory.LimitsExceeded, error.Category);
            Assert.Equal("TooManyRequests", error.ServiceCode);
        }

        [Fact]
        public void FractionalRetryAfterFromTheDocsIsHonoured()
        {
            var recorded = Recorded.Load("graph/throttling-429.json");

            Assert.Equal(TimeSpan.FromSeconds(2.128), RetryAfter.Parse(recorded.Headers["Retry-After"], Now));
        }

        [Fact]
        public void PartnerCenterErrorWithNumericCodeAndHtmlEntityIsReadable()
        {
            var recorded = Recorded.Load("partnercenter/assign-licenses-error-400.json");

            var error = ServiceErrors.FromBody(recorded.Status!.Value, recorded.Body, CspService.PartnerCenter, recorded.Headers["MS-RequestId"]);

            Assert.Equal("60012", error.ServiceCode);
            Assert.Contains("We're sorry, it looks like you've run out of licenses", error.Message);
            Assert.Equal("f4f3b748-8b22-4d07-a5a1-dceb32824192", error.RequestId);
            Assert.Equal(CspErrorCategory.InvalidArgument, error.Category);
        }

        [Fact]
        public void PartnerCenterNotFoundAndThrottlingBodiesMap()
        {
            var notFound = Recorded.Load("partnercenter/error-404-partner-profile.json");
            var throttled = Recorded.Load("partnercenter/throttling-429.json");

            var missing = ServiceErrors.FromBody(404, notFound.Body, CspService.PartnerCenter, null);
            var limited = ServiceErrors.FromBody(429, throttled.Body, CspService.PartnerCenter, null);

            Assert.Equal(CspErrorCategory.ObjectNotFound, missing.Category);
            Assert.Equal("RequestThrottled", limited.ErrorId);
            Assert.Equal("429", limited.ServiceCode);
            Assert.Contains("Rate limit is exceeded", limited.Message);
            Assert.Equal(TimeSpan.FromSeconds(57), RetryAfter.Parse(throttled.Headers["Retry-After"], Now));
        }

        [Theory]
        [InlineData("partnercenter/list-customers.json", 2)]
        [InlineData("partnercenter/list-customers-filter-companyname.json", 1)]
        public void CustomerListsBecomeCustomers(string file, int minimum)
        {
            var page = CspJson.Deserialize<PcCollection<PcCustomer>>(Recorded.Load(file).Body);

            var customers = page.Items.Select(c => CustomerReader.ToModel(c, "p")).ToList();

            Assert.True(customers.Count >= minimum);
            Assert.All(customers, c =>
            {
                Assert.False(string.IsNullOrEmpty(c.CustomerId));
                Assert.Equal(CustomerRelationship.Direct, c.Relationship);
                Assert.Equal("p", c.Profile);
            });
        }

        [Fact]
        public void CustomerByIdParses()
        {
            var customer = CustomerReader.ToModel(CspJson.Deserialize<PcCustomer>(Recorded.Load("partnercenter/get-customer-by-id.json").Body), "p");

            Assert.False(string.IsNullOrEmpty(customer.CompanyName));
            Assert.False(string.IsNullOrEmpty(customer.DefaultDomain));
        }

        [Fact]
        public void SubscriptionListWithSpacedDatesParses()
        {
            var page = CspJson.Deserialize<PcCollection<PcSubscription>>(Recorded.Load("partnercenter/list-subscriptions.json").Body);

            var subscription = Assert.Single(page.Items);
            Assert.Equal(new DateTimeOffset(2015, 11, 25, 6, 41, 12, TimeSpan.Zero), subscription.CreationDate);
            Assert.Equal(new DateTimeOffset(2016, 12, 12, 8, 0, 0, TimeSpan.Zero), subscription.CommitmentEndDate);
            var model = SubscriptionReader.FromPartnerCenter(subscription, null, "c1", "p", ProductCatalog.Default, Now);
            Assert.False(model.IsNce);
            Assert.Null(model.DecreaseAllowedUntil);
            Assert.Equal("active", model.Status);
            Assert.True(model.ProvidedByThisPartner);
        }

        [Fact]
        public void AddOnKeepsItsParent()
        {
            var addOn = CspJson.Deserialize<PcSubscription>(Recorded.Load("partnercenter/get-subscription-addon.json").Body);

            var model = SubscriptionReader.FromPartnerCenter(addOn, null, "c1", "p", ProductCatalog.Default, Now);

            Assert.Equal("1C2B75C1-74A5-472A-A729-7F8CEFC477F9", model.ParentSubscriptionId);
            Assert.Equal("Exchange Online Archiving for Exchange Online", model.OfferName);
            Assert.Equal(2, model.Quantity);
            Assert.True(model.AutoRenewEnabled);
        }

        [Fact]
        public void FarFutureCommitmentEndParses()
        {
            var subscription = CspJson.Deserialize<PcSubscription>(Recorded.Load("partnercenter/get-subscription.json").Body);

            Assert.Equal(9999, subscription.CommitmentEndDate!.Value.Year);
        }

        [Theory]
        [InlineData("partnercenter/change-subscription-quantity.json")]
        [InlineData("partnercenter/suspend-subscription.json")]
        [InlineData("partnercenter/reactivate-subscription.json")]
        public void PascalCaseSubscriptionBodiesParse(string file)
        {
            var subscription = CspJson.Deserialize<PcSubscription>(Recorded.Load(file).Body);

            Assert.False(string.IsNullOrEmpty(subscription.Id));
            Assert.Equal("Subscription", subscription.Attributes!.ObjectType);
        }

        [Theory]
        [InlineData("partnercenter/list-customer-subscribedskus.json", 2)]
        [InlineData("partnercenter/list-customer-subscribedskus-by-licensegroup.json", 1)]
        [InlineData("partnercenter/list-customer-subscribedskus-by-licensegroup-empty.json", 0)]
        public void PartnerCenterLicensePoolsParse(string file, int minimum)
        {
            var page = CspJson.Deserialize<PcCollection<PcSubscribedSku>>(Recorded.Load(file).Body);

            Assert.True(page.Items.Count >= minimum);
            Assert.All(page.Items, s => Assert.Equal(s.TotalUnits - s.ConsumedUnits, s.AvailableUnits));
        }

        [Theory]
        [InlineData("partnercenter/get-customer-user.json")]
        [InlineData("partnercenter/list-user-licenses.json")]
        public void ByteOrderMarkBeforeTheBodyIsSkipped(string file)
        {
            var raw = Recorded.Load(file).RawBody;

            Assert.NotNull(raw);
            Assert.StartsWith("\uFEFF", raw);
            var parsed = CspJson.Deserialize<System.Text.Json.JsonElement>(raw!);
            Assert.Equal(System.Text.Json.JsonValueKind.Object, parsed.ValueKind);
        }
    }
}
