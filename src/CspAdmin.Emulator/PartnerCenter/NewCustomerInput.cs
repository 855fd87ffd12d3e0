using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.RegularExpressions;
using CspAdmin.Emulator.Graph;
using CspAdmin.Emulator.Http;

namespace CspAdmin.Emulator.PartnerCenter
{
    /// <summary>
    /// The body of POST customers, read case-insensitively (the SDK sends PascalCase) and checked in full before anything changes:
    /// companyProfile.domain ("{prefix}.onmicrosoft.com", letters and digits, free), billingProfile (email, companyName,
    /// defaultAddress with addressLine1, city and an ISO country; culture and language optional) and an optional
    /// associatedPartnerId that must be one of the partner's indirect resellers.
    /// </summary>
    internal sealed class NewCustomerInput
    {
        public const string InitialDomainSuffix = ".onmicrosoft.com";
        /// <summary>Emulator choice: Microsoft does not document the longest initial domain prefix; 27 is what tenant sign-up allows.</summary>
        public const int MaxPrefixLength = 27;

        private static readonly Regex Prefix = new Regex("^[A-Za-z0-9]{1," + MaxPrefixLength + "}$", RegexOptions.CultureInvariant);
        private static readonly Regex EmailAddress = new Regex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$", RegexOptions.CultureInvariant);

        private NewCustomerInput()
        {
        }

        /// <summary>The lower-case default domain, e.g. "contoso.onmicrosoft.com".</summary>
        public string Domain { get; private set; } = "";
        public string CompanyName { get; private set; } = "";
        public string Email { get; private set; } = "";
        public string Culture { get; private set; } = "en-US";
        public string Language { get; private set; } = "en";
        public AddressState Address { get; } = new AddressState();
        public ResellerState? Reseller { get; private set; }

        /// <summary>The validated request, or null with the error: 400 InvalidInput listing every problem, 409 for a taken domain.</summary>
        public static NewCustomerInput? Read(PcCall call, out EmulatorResponse? error)
        {
            error = null;
            if (!call.Request.TryReadJson(out var body) || body.ValueKind != JsonValueKind.Object)
            {
                error = PcErrors.InvalidInput("The request body must be a Customer resource in JSON.");
                return null;
            }

            var input = new NewCustomerInput();
            var problems = new List<string>();
            var company = Object(body, "companyProfile", problems);
            var domain = Text(company, "domain", "companyProfile.domain", problems);
            if (domain != null)
            {
                var prefix = domain.EndsWith(InitialDomainSuffix, StringComparison.OrdinalIgnoreCase)
                    ? domain.Substring(0, domain.Length - InitialDomainSuffix.Length) : null;
                if (prefix == null || !Prefix.IsMatch(prefix))
                {
                    problems.Add($"companyProfile.domain '{domain}' must be '{{prefix}}{InitialDomainSuffix}' with a prefix of 1 to {MaxPrefixLength} letters and digits.");
                }
                else
                {
                    input.Domain = prefix.ToLowerInvariant() + InitialDomainSuffix;
                }
            }

            var billing = Object(body, "billingProfile", problems);
            input.Email = Text(billing, "email", "billingProfile.email", problems) ?? "";
            if (input.Email.Length > 0 && !EmailAddress.IsMatch(input.Email))
            {
                problems.Add($"billingProfile.email '{input.Email}' is not an email address.");
            }

            input.CompanyName = Text(billing, "companyName", "billingProfile.companyName", problems) ?? "";
            input.Culture = Optional(billing, "culture", problems) ?? "en-US";
            input.Language = Optional(billing, "language", problems) ?? input.Culture.Split('-')[0];
            var address = billing.ValueKind == JsonValueKind.Object ? Object(billing, "defaultAddress", problems, "billingProfile.defaultAddress") : default;
            ReadAddress(address, input.Address, problems);

            var associated = Optional(body, "associatedPartnerId", problems);
            if (!string.IsNullOrWhiteSpace(associated))
            {
                input.Reseller = call.Partner.FindReseller(associated!.Trim());
                if (input.Reseller == null)
                {
                    problems.Add($"associatedPartnerId '{associated}' is not an indirect reseller of this partner.");
                }
            }

            if (problems.Count > 0)
            {
                error = PcErrors.InvalidInput(problems[0], problems.ToArray());
                return null;
            }

            if (call.Cloud.State.FindTenantByDomain(input.Domain) != null)
            {
                // The message partners meet in practice; the code and status are not documented (emulator choice: 409 Conflict).
                error = PcErrors.Error(409, "DomainAlreadyInUse", $"The domain specified during customer creation is already used by another tenant: '{input.Domain}'.", input.Domain);
                return null;
            }

            return input;
        }

        private static void ReadAddress(JsonElement address, AddressState target, List<string> problems)
        {
            const string Where = "billingProfile.defaultAddress.";
            if (address.ValueKind != JsonValueKind.Object)
            {
                return;
            }

            var country = Text(address, "country", Where + "country", problems);
            if (country != null && !UserInput.IsCountryCode(country.ToUpperInvariant()))
            {
                problems.Add($"{Where}country '{country}' is not an ISO 3166 two-letter country code.");
            }

            target.Country = country?.ToUpperInvariant() ?? "";
            target.AddressLine1 = Text(address, "addressLine1", Where + "addressLine1", problems) ?? "";
            target.City = Text(address, "city", Where + "city", problems) ?? "";
            target.AddressLine2 = Optional(address, "addressLine2", problems);
            target.AddressLine3 = Optional(address, "addressLine3", problems);
            // Partner Center's address has "state" (and a "region" most requests leave null); the emulator keeps one of them.
            target.Region = Optional(address, "state", problems) ?? Optional(address, "region", problems) ?? "";
            target.PostalCode = Optional(address, "postalCode", problems) ?? "";
            target.PhoneNumber = Optional(address, "phoneNumber", problems) ?? "";
            target.FirstName = Optional(address, "firstName", problems);
            target.LastName = Optional(address, "lastName", problems);
        }

        private static JsonElement Object(JsonElement parent, string name, List<string> problems, string? path = null)
        {
            if (JsonBody.TryGetProperty(parent, name, out var value) && value.ValueKind == JsonValueKind.Object)
            {
                return value;
            }

            problems.Add($"{path ?? name} is required (an object).");
            return default;
        }

        /// <summary>A required non-blank string (trimmed); null, with a problem noted, when missing.</summary>
        private static string? Text(JsonElement parent, string name, string path, List<string> problems)
        {
            if (parent.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var value = JsonBody.TryGetProperty(parent, name, out var element) && element.ValueKind == JsonValueKind.String ? element.GetString()?.Trim() : null;
            if (string.IsNullOrEmpty(value))
            {
                problems.Add($"{path} is required.");
                return null;
            }

            return value;
        }

        /// <summary>An optional string: null when missing, null or blank; a problem when it has another JSON type.</summary>
        private static string? Optional(JsonElement parent, string name, List<string> problems)
        {
            if (parent.ValueKind != JsonValueKind.Object || !JsonBody.TryGetProperty(parent, name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (value.ValueKind != JsonValueKind.String)
            {
                problems.Add($"{name} must be a string.");
                return null;
            }

            var text = value.GetString()?.Trim();
            return string.IsNullOrEmpty(text) ? null : text;
        }
    }
}
