using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CspAdmin.Emulator.Http;

namespace CspAdmin.Emulator.Graph
{
    /// <summary>
    /// The writable properties of a user in a POST users or PATCH users/{id} body, validated in full before anything changes
    /// (so a rejected request changes nothing). Graph property names are matched exactly (camelCase).
    /// </summary>
    internal sealed class UserInput
    {
        public const string UpnConflict = "Another object with the same value for property userPrincipalName already exists.";
        public const string UpnDomainInvalid =
            "The domain portion of the userPrincipalName property is invalid. You must use one of the verified domain names in your organization.";
        public const string PasswordTooWeak =
            "The specified password does not comply with password complexity requirements. Please provide a different password.";

        /// <summary>Required by POST users, in the order they are checked.</summary>
        private static readonly string[] RequiredOnCreate = { "accountEnabled", "displayName", "mailNickname", "userPrincipalName", "passwordProfile" };

        /// <summary>Optional string properties that may also be null (cleared).</summary>
        private static readonly Dictionary<string, Action<UserState, string?>> OptionalStrings = new Dictionary<string, Action<UserState, string?>>(StringComparer.Ordinal)
        {
            ["givenName"] = (u, v) => u.GivenName = v,
            ["surname"] = (u, v) => u.Surname = v,
            ["jobTitle"] = (u, v) => u.JobTitle = v,
            ["department"] = (u, v) => u.Department = v,
            ["officeLocation"] = (u, v) => u.OfficeLocation = v,
            ["mobilePhone"] = (u, v) => u.MobilePhone = v,
            ["city"] = (u, v) => u.City = v,
            ["country"] = (u, v) => u.Country = v,
            ["state"] = (u, v) => u.State = v,
            ["streetAddress"] = (u, v) => u.StreetAddress = v,
            ["postalCode"] = (u, v) => u.PostalCode = v,
            ["companyName"] = (u, v) => u.CompanyName = v,
            ["preferredLanguage"] = (u, v) => u.PreferredLanguage = v,
        };

        /// <summary>ISO 3166-1 alpha-2 codes (usageLocation).</summary>
        private static readonly HashSet<string> CountryCodes = new HashSet<string>(
            ("AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH "
             + "CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN "
             + "GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI "
             + "LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM "
             + "PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD "
             + "TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW").Split(' '),
            StringComparer.OrdinalIgnoreCase);

        private readonly List<Action<UserState>> _changes = new List<Action<UserState>>();

        private UserInput()
        {
        }

        /// <summary>The new userPrincipalName, when the body sets one.</summary>
        public string? UserPrincipalName { get; private set; }

        /// <summary>Whether the body sets a password (PATCH passwordProfile.password).</summary>
        public bool SetsPassword { get; private set; }

        public static bool IsCountryCode(string? value) => value != null && value.Length == 2 && CountryCodes.Contains(value);

        /// <summary>
        /// Reads <paramref name="body"/> for a new user (<paramref name="existing"/> null) or a PATCH of <paramref name="existing"/>;
        /// null with <paramref name="error"/> set when anything is invalid.
        /// </summary>
        public static UserInput? Read(GraphCall call, JsonElement body, UserState? existing, out EmulatorResponse? error)
        {
            var creating = existing == null;
            if (creating)
            {
                foreach (var name in RequiredOnCreate)
                {
                    if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
                    {
                        error = call.InvalidValue(name);
                        return null;
                    }
                }
            }

            var input = new UserInput();
            foreach (var property in body.EnumerateObject())
            {
                error = input.ReadProperty(call, property, existing);
                if (error != null)
                {
                    return null;
                }
            }

            // Conflicts last: Graph checks them when it writes.
            if (input.UserPrincipalName != null && call.Tenant.IsUserPrincipalNameTaken(input.UserPrincipalName, existing?.Id))
            {
                error = call.BadRequest(UpnConflict);
                return null;
            }

            error = null;
            return input;
        }

        public void ApplyTo(UserState user)
        {
            foreach (var change in _changes)
            {
                change(user);
            }
        }

        /// <summary>Why the UPN is malformed (allowed: A-Z a-z 0-9 ' . - _ ! # ^ ~ before a single '@'), or null.</summary>
        public static string? UpnSyntaxProblem(string upn)
        {
            var at = upn.IndexOf('@');
            if (at <= 0 || at != upn.LastIndexOf('@') || at == upn.Length - 1)
            {
                return "Property userPrincipalName is invalid: it must have the form alias@domain, with one '@'.";
            }

            var local = upn.Substring(0, at);
            if (local.Length > 64 || local.StartsWith(".", StringComparison.Ordinal) || local.EndsWith(".", StringComparison.Ordinal)
                || local.Contains("..") || local.Any(c => !IsUpnCharacter(c)))
            {
                return "Property userPrincipalName is invalid: the part before '@' may only contain the characters A-Z a-z 0-9 ' . - _ ! # ^ ~, "
                    + "has at most 64 of them and does not start or end with a period or contain two periods in a row.";
            }

            return null;
        }

        public static bool HasVerifiedDomain(TenantState tenant, string upn)
        {
            var domain = upn.Substring(upn.IndexOf('@') + 1);
            return tenant.AllDomains().Any(d => string.Equals(d, domain, StringComparison.OrdinalIgnoreCase));
        }

        /// <summary>Entra's rule: 8-256 characters, ASCII only, and 3 of: upper case, lower case, digit, symbol.</summary>
        public static bool MeetsComplexity(string password)
        {
            if (password.Length < 8 || password.Length > 256 || password.Any(c => c < 0x20 || c > 0x7E))
            {
                return false;
            }

            var classes = 0;
            classes += password.Any(c => c >= 'A' && c <= 'Z') ? 1 : 0;
            classes += password.Any(c => c >= 'a' && c <= 'z') ? 1 : 0;
            classes += password.Any(c => c >= '0' && c <= '9') ? 1 : 0;
            classes += password.Any(c => !char.IsLetterOrDigit(c)) ? 1 : 0;
            return classes >= 3;
        }

        private static bool IsUpnCharacter(char c) =>
            (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "'.-_!#^~".IndexOf(c) >= 0;

        /// <summary>mailNickname: 1-64 ASCII characters without spaces or any of @ ( ) \ [ ] " ; : &lt; &gt; ,.</summary>
        private static bool IsMailNickname(string value) =>
            value.Length >= 1 && value.Length <= 64 && value.All(c => c > 0x20 && c < 0x7F && "@()\\[]\";:<>,".IndexOf(c) < 0);

        private EmulatorResponse? ReadProperty(GraphCall call, JsonProperty property, UserState? existing)
        {
            var name = property.Name;
            var value = property.Value;
            if (name.StartsWith("@odata.", StringComparison.Ordinal))
            {
                return null;
            }

            if (OptionalStrings.TryGetValue(name, out var setter))
            {
                if (value.ValueKind != JsonValueKind.String && value.ValueKind != JsonValueKind.Null)
                {
                    return call.InvalidValue(name);
                }

                var text = value.ValueKind == JsonValueKind.Null ? null : value.GetString();
                _changes.Add(u => setter(u, text));
                return null;
            }

            switch (name)
            {
                case "accountEnabled":
                    if (value.ValueKind != JsonValueKind.True && value.ValueKind != JsonValueKind.False)
                    {
                        return call.InvalidValue(name);
                    }

                    var enabled = value.GetBoolean();
                    _changes.Add(u => u.AccountEnabled = enabled);
                    return null;

                case "displayName":
                    var displayName = value.ValueKind == JsonValueKind.String ? value.GetString() : null;
                    if (string.IsNullOrWhiteSpace(displayName) || displayName!.Length > 256)
                    {
                        return call.InvalidValue(name);
                    }

                    _changes.Add(u => u.DisplayName = displayName);
                    return null;

                case "mailNickname":
                    var nickname = value.ValueKind == JsonValueKind.String ? value.GetString() : null;
                    if (nickname == null || !IsMailNickname(nickname))
                    {
                        return call.InvalidValue(name);
                    }

                    _changes.Add(u => u.MailNickname = nickname);
                    return null;

                case "userPrincipalName":
                    var upn = value.ValueKind == JsonValueKind.String ? value.GetString() : null;
                    if (upn == null)
                    {
                        return call.InvalidValue(name);
                    }

                    var problem = UpnSyntaxProblem(upn);
                    if (problem != null)
                    {
                        return call.BadRequest(problem);
                    }

                    if (!HasVerifiedDomain(call.Tenant, upn))
                    {
                        return call.BadRequest(UpnDomainInvalid);
                    }

                    UserPrincipalName = upn;
                    _changes.Add(u => u.UserPrincipalName = upn);
                    return null;

                case "businessPhones":
                    if (value.ValueKind == JsonValueKind.Null)
                    {
                        _changes.Add(u => u.BusinessPhones = new List<string>());
                        return null;
                    }

                    if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(p => p.ValueKind != JsonValueKind.String))
                    {
                        return call.InvalidValue(name);
                    }

                    var phones = value.EnumerateArray().Select(p => p.GetString()!).ToList();
                    _changes.Add(u => u.BusinessPhones = phones);
                    return null;

                case "usageLocation":
                    if (value.ValueKind == JsonValueKind.Null)
                    {
                        // Licenses need a usage location; Graph does not let it go while any is assigned.
                        if (existing != null && existing.AssignedLicenses.Count > 0)
                        {
                            return call.InvalidValue(name);
                        }

                        _changes.Add(u => u.UsageLocation = null);
                        return null;
                    }

                    var location = value.ValueKind == JsonValueKind.String ? value.GetString() : null;
                    if (!IsCountryCode(location))
                    {
                        return call.InvalidValue(name);
                    }

                    var upper = location!.ToUpperInvariant();
                    _changes.Add(u => u.UsageLocation = upper);
                    return null;

                case "passwordProfile":
                    return ReadPasswordProfile(call, value, existing);

                default:
                    return UserJson.IsProperty(name)
                        ? call.BadRequest($"Property '{name}' is read-only and cannot be set.")
                        : call.BadRequest($"Property '{name}' does not exist as a declared property or extension property.");
            }
        }

        /// <summary>
        /// {password, forceChangePasswordNextSignIn, forceChangePasswordNextSignInWithMfa}: all but the last are required on create;
        /// a PATCH may change the flags alone. Only a salted hash of the password is kept.
        /// </summary>
        private EmulatorResponse? ReadPasswordProfile(GraphCall call, JsonElement value, UserState? existing)
        {
            const string Name = "passwordProfile";
            if (value.ValueKind != JsonValueKind.Object)
            {
                return call.InvalidValue(Name);
            }

            string? password = null;
            bool? force = null, forceWithMfa = null;
            foreach (var property in value.EnumerateObject())
            {
                switch (property.Name)
                {
                    case "password":
                        if (property.Value.ValueKind != JsonValueKind.String)
                        {
                            return call.InvalidValue(Name);
                        }

                        password = property.Value.GetString();
                        break;
                    case "forceChangePasswordNextSignIn":
                    case "forceChangePasswordNextSignInWithMfa":
                        if (property.Value.ValueKind != JsonValueKind.True && property.Value.ValueKind != JsonValueKind.False)
                        {
                            return call.InvalidValue(Name);
                        }

                        if (property.Name == "forceChangePasswordNextSignIn")
                        {
                            force = property.Value.GetBoolean();
                        }
                        else
                        {
                            forceWithMfa = property.Value.GetBoolean();
                        }

                        break;
                    default:
                        return call.BadRequest($"Property '{property.Name}' does not exist as a declared property or extension property.");
                }
            }

            if (existing == null && (password == null || force == null))
            {
                return call.InvalidValue(Name);
            }

            if (password != null && !MeetsComplexity(password))
            {
                return call.BadRequest(PasswordTooWeak);
            }

            var now = call.Now;
            if (password != null)
            {
                SetsPassword = true;
                _changes.Add(u =>
                {
                    u.PasswordProfile = PasswordProfileState.Create(password, PasswordProfileState.Salt(call.Cloud.State.SigningKey, call.Tenant.Id, u.Id, now), force ?? true, forceWithMfa ?? false);
                    u.LastPasswordChangeDateTime = now;
                });
            }
            else
            {
                _changes.Add(u =>
                {
                    u.PasswordProfile ??= new PasswordProfileState();
                    u.PasswordProfile.ForceChangePasswordNextSignIn = force ?? u.PasswordProfile.ForceChangePasswordNextSignIn;
                    u.PasswordProfile.ForceChangePasswordNextSignInWithMfa = forceWithMfa ?? u.PasswordProfile.ForceChangePasswordNextSignInWithMfa;
                });
            }

            return null;
        }
    }
}
