using System;
using System.Collections.Generic;
using System.Linq;
using System.Security;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using CspAdmin.Engine.Connections;
using CspAdmin.Engine.Graph;
using CspAdmin.Engine.Journal;
using CspAdmin.Engine.Licensing;
using CspAdmin.Engine.Model;
using CspAdmin.Engine.Operations;

namespace CspAdmin.Engine.Users
{
    /// <summary>A user to create.</summary>
    public sealed class NewUserRequest
    {
        public string UserPrincipalName { get; set; } = "";
        public string? DisplayName { get; set; }
        public string? GivenName { get; set; }
        public string? Surname { get; set; }
        /// <summary>ISO 3166 alpha-2; the customer's country when omitted.</summary>
        public string? UsageLocation { get; set; }
        public string? OfficeLocation { get; set; }
        /// <summary>Generated when null.</summary>
        public SecureString? Password { get; set; }
        public bool ForceChangePasswordNextSignIn { get; set; } = true;
        public IReadOnlyList<string> Licenses { get; set; } = new string[0];
    }

    internal sealed class UserDraft
    {
        public UserDraft(GraphNewUser body, SecureString password, IReadOnlyList<GraphSubscribedSku> licenses)
        {
            Body = body;
            Password = password;
            Licenses = licenses;
        }

        /// <summary>The request body, without the password (which is added only when sending).</summary>
        public GraphNewUser Body { get; }
        public SecureString Password { get; }
        public IReadOnlyList<GraphSubscribedSku> Licenses { get; }
    }

    /// <summary>Changes to a user: null leaves a property as it is.</summary>
    public sealed class UserChanges
    {
        public string? GivenName { get; set; }
        public string? Surname { get; set; }
        public string? DisplayName { get; set; }
        public string? OfficeLocation { get; set; }
        public string? UsageLocation { get; set; }
        public IReadOnlyList<string> AddRoles { get; set; } = new string[0];
        public IReadOnlyList<string> RemoveRoles { get; set; } = new string[0];

        public bool IsEmpty =>
            GivenName == null && Surname == null && DisplayName == null && OfficeLocation == null && UsageLocation == null && AddRoles.Count == 0 && RemoveRoles.Count == 0;
    }

    /// <summary>Creating and editing users and resetting passwords, each checked first and journalled (never with a password).</summary>
    public static class UserWriter
    {
        private static readonly Regex UsageLocationPattern = new Regex("^[A-Za-z]{2}$", RegexOptions.Compiled);

        /// <summary>Checks a new user without calling anything: UPN shape, names, usage location, password rules.</summary>
        public static void Validate(NewUserRequest request)
        {
            var upn = UserReader.ValidUserId(request.UserPrincipalName);
            if (!upn.Contains("@"))
            {
                throw new CspException("UserIdInvalid", CspErrorCategory.InvalidArgument, $"'{request.UserPrincipalName}' is not a user principal name (name@domain).", request.UserPrincipalName);
            }

            ValidUsageLocation(request.UsageLocation);
            if (request.Password != null)
            {
                Passwords.Validate(Passwords.Reveal(request.Password));
            }
        }

        public static async Task<CreatedUser> CreateAsync(CspConnection connection, string customerId, NewUserRequest request, bool autoIncrease, ChangeJournal journal,
            ProductCatalog catalog, Action<string> notice, CancellationToken cancellationToken)
        {
            Validate(request);
            var skus = await TenantSkus.ReadAsync(connection, customerId, catalog, cancellationToken).ConfigureAwait(false);
            var organization = await connection.Graph.GetOrganizationAsync(customerId, cancellationToken).ConfigureAwait(false);
            var draft = Draft(request, skus, organization, customerId);
            var shortOf = draft.Licenses.Where(l => skus.Free(l.SkuId!) < 1).ToList();
            if (shortOf.Count > 0 && !autoIncrease)
            {
                throw new CspException("LicenseSeatsExhausted", CspErrorCategory.QuotaExceeded,
                    $"No free seat of {string.Join(", ", shortOf.Select(s => $"{skus.ProductName(s)} ({s.SkuPartNumber})"))} for {draft.Body.UserPrincipalName}; the user was not created.",
                    draft.Body.UserPrincipalName)
                {
                    RecommendedAction = "Add -AutoIncrease to buy the seat on a subscription this partner provides, or free a seat first.",
                };
            }

            var created = await CreateAsync(connection, customerId, draft, journal, cancellationToken).ConfigureAwait(false);
            if (draft.Licenses.Count > 0)
            {
                var assigner = new LicenseAssigner(connection, customerId,
                    new LicenseChangeSpec { Add = draft.Licenses.Select(l => l.SkuId!).ToList(), AutoIncrease = autoIncrease }, journal, catalog, notice);
                var outcome = (await assigner.ApplyAsync(new[] { created.Id! }, cancellationToken).ConfigureAwait(false)).Single();
                if (outcome.Error != null)
                {
                    // The user exists; say so rather than leave the caller guessing.
                    notice($"{draft.Body.UserPrincipalName} was created, but its licenses were not assigned: {outcome.Error.Message}");
                }
            }

            var result = UserReader.ToModel<CreatedUser>(await UserReader.GetAsync(connection, customerId, created.Id!, cancellationToken).ConfigureAwait(false),
                customerId, connection.Name, skus, new Dictionary<string, string[]>(), connection.Clock.GetUtcNow());
            result.Password = draft.Password;
            result.ForceChangePasswordNextSignIn = request.ForceChangePasswordNextSignIn;
            return result;
        }

        /// <summary>A validated user ready to send: the Graph body, its password and resolved licenses. Throws on anything wrong.</summary>
        internal static UserDraft Draft(NewUserRequest request, TenantSkus skus, GraphOrganization? organization, string customerId)
        {
            Validate(request);
            var upn = request.UserPrincipalName.Trim();
            CheckDomain(upn, organization, customerId);
            var licenses = request.Licenses.Select(skus.Resolve).ToList();
            var password = request.Password ?? Passwords.Generate();
            var body = new GraphNewUser
            {
                UserPrincipalName = upn,
                DisplayName = string.IsNullOrWhiteSpace(request.DisplayName) ? DefaultDisplayName(request, upn) : request.DisplayName!.Trim(),
                GivenName = request.GivenName,
                Surname = request.Surname,
                MailNickname = MailNickname(upn),
                UsageLocation = (request.UsageLocation ?? organization?.CountryLetterCode)?.ToUpperInvariant(),
                OfficeLocation = request.OfficeLocation,
                PasswordProfile = new GraphPasswordProfile { ForceChangePasswordNextSignIn = request.ForceChangePasswordNextSignIn },
            };
            return new UserDraft(body, password, licenses);
        }

        /// <summary>Sends one drafted user (the password goes into this one request only) and journals it.</summary>
        internal static async Task<GraphUser> CreateAsync(CspConnection connection, string customerId, UserDraft draft, ChangeJournal journal, CancellationToken cancellationToken)
        {
            var body = draft.Body;
            var entry = journal.Begin("UserCreated", connection.Name, customerId, body.UserPrincipalName, null,
                new { body.UserPrincipalName, body.DisplayName, body.UsageLocation, Licenses = draft.Licenses.Select(l => l.SkuPartNumber) });
            try
            {
                var send = new GraphNewUser
                {
                    UserPrincipalName = body.UserPrincipalName,
                    DisplayName = body.DisplayName,
                    GivenName = body.GivenName,
                    Surname = body.Surname,
                    MailNickname = body.MailNickname,
                    UsageLocation = body.UsageLocation,
                    OfficeLocation = body.OfficeLocation,
                    PasswordProfile = new GraphPasswordProfile { Password = Passwords.Reveal(draft.Password), ForceChangePasswordNextSignIn = body.PasswordProfile.ForceChangePasswordNextSignIn },
                };
                var created = await connection.Graph.CreateUserAsync(customerId, send, cancellationToken).ConfigureAwait(false);
                journal.Succeeded(entry, new { UserId = created.Id, body.UserPrincipalName });
                return created;
            }
            catch (CspException ex)
            {
                var explained = ExplainCreate(ex, customerId, body.UserPrincipalName);
                journal.Failed(entry, explained);
                throw explained;
            }
        }

        /// <summary>Edits a user's names, locations and directory roles (by role name), as the portal's Edit User Information.</summary>
        public static async Task<User> UpdateAsync(CspConnection connection, string customerId, string userId, UserChanges changes, ChangeJournal journal,
            ProductCatalog catalog, CancellationToken cancellationToken)
        {
            if (changes.IsEmpty)
            {
                throw new CspException("UserChangeEmpty", CspErrorCategory.InvalidArgument, "Name at least one property or role to change.")
                {
                    RecommendedAction = "For example: Set-CspUser -DisplayName 'Adele Vance' -AddRole 'User Administrator'.",
                };
            }

            ValidUsageLocation(changes.UsageLocation);
            var skus = TenantSkus.ReadAsync(connection, customerId, catalog, cancellationToken);
            var user = await UserReader.GetAsync(connection, customerId, UserReader.ValidUserId(userId), cancellationToken).ConfigureAwait(false);
            var roles = await ResolveRolesAsync(connection, customerId, changes, cancellationToken).ConfigureAwait(false);
            var current = (await connection.Graph.ListRoleAssignmentsAsync(customerId, user.Id, cancellationToken).ToListAsync().ConfigureAwait(false))
                .Where(a => string.Equals(a.PrincipalId, user.Id, StringComparison.OrdinalIgnoreCase)).ToList();

            var patch = new Dictionary<string, object?>();
            void Set(string name, string? value)
            {
                if (value != null)
                {
                    patch[name] = value.Trim();
                }
            }

            Set("givenName", changes.GivenName);
            Set("surname", changes.Surname);
            Set("displayName", changes.DisplayName);
            Set("officeLocation", changes.OfficeLocation);
            Set("usageLocation", changes.UsageLocation?.ToUpperInvariant());

            var entry = journal.Begin("UserUpdated", connection.Name, customerId, user.UserPrincipalName ?? userId,
                new { user.GivenName, user.Surname, user.DisplayName, user.OfficeLocation, user.UsageLocation },
                new { Properties = patch, AddRoles = changes.AddRoles, RemoveRoles = changes.RemoveRoles });
            try
            {
                if (patch.Count > 0)
                {
                    await connection.Graph.UpdateUserAsync(customerId, user.Id!, patch, cancellationToken).ConfigureAwait(false);
                }

                foreach (var role in roles.Add.Where(r => current.All(a => !string.Equals(a.RoleDefinitionId, r.Id, StringComparison.OrdinalIgnoreCase))))
                {
                    await connection.Graph.AddRoleAssignmentAsync(customerId, user.Id!, role.Id!, cancellationToken).ConfigureAwait(false);
                }

                foreach (var assignment in current.Where(a => roles.Remove.Any(r => string.Equals(r.Id, a.RoleDefinitionId, StringComparison.OrdinalIgnoreCase))))
                {
                    await connection.Graph.RemoveRoleAssignmentAsync(customerId, assignment.Id!, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (CspException ex)
            {
                var explained = Gdap.Explain(ex, customerId, Gdap.UserWrite);
                journal.Failed(entry, explained);
                throw explained;
            }

            var names = await UserReader.RoleNamesAsync(connection, customerId, user.Id, _ => { }, cancellationToken).ConfigureAwait(false);
            var updated = UserReader.ToModel(await UserReader.GetAsync(connection, customerId, user.Id!, cancellationToken).ConfigureAwait(false),
                customerId, connection.Name, await skus.ConfigureAwait(false), names, connection.Clock.GetUtcNow());
            journal.Succeeded(entry, new { updated.GivenName, updated.Surname, updated.DisplayName, updated.OfficeLocation, updated.UsageLocation, updated.Roles });
            return updated;
        }

        public static async Task<PasswordResetResult> ResetPasswordAsync(CspConnection connection, string customerId, string userId, SecureString? password,
            bool forceChange, string? notifyEmail, ChangeJournal journal, CancellationToken cancellationToken)
        {
            if (password != null)
            {
                Passwords.Validate(Passwords.Reveal(password));
            }

            var user = await UserReader.GetAsync(connection, customerId, UserReader.ValidUserId(userId), cancellationToken).ConfigureAwait(false);
            var secret = password ?? Passwords.Generate();
            var entry = journal.Begin("PasswordReset", connection.Name, customerId, user.UserPrincipalName ?? userId, null, new { ForceChangePasswordNextSignIn = forceChange });
            try
            {
                await connection.Graph.UpdateUserAsync(customerId, user.Id!, new Dictionary<string, object?>
                {
                    ["passwordProfile"] = new GraphPasswordProfile { Password = Passwords.Reveal(secret), ForceChangePasswordNextSignIn = forceChange },
                }, cancellationToken).ConfigureAwait(false);
            }
            catch (CspException ex)
            {
                var explained = ex.Message.IndexOf("complexity", StringComparison.OrdinalIgnoreCase) >= 0
                    ? ex.WithTarget(userId, "UserPasswordInvalid")
                    : Gdap.Explain(ex, customerId, Gdap.UserWrite);
                journal.Failed(entry, explained);
                throw explained;
            }

            var notify = string.IsNullOrWhiteSpace(notifyEmail) ? user.Mail ?? user.UserPrincipalName ?? "" : notifyEmail!.Trim();
            journal.Succeeded(entry, new { ForceChangePasswordNextSignIn = forceChange, NotifyEmail = notify });
            return new PasswordResetResult
            {
                CustomerId = customerId,
                UserId = user.Id ?? userId,
                UserPrincipalName = user.UserPrincipalName ?? userId,
                Password = secret,
                ForceChangePasswordNextSignIn = forceChange,
                NotifyEmail = notify,
                Profile = connection.Name,
            };
        }

        internal static void ValidUsageLocation(string? usageLocation)
        {
            if (usageLocation != null && !UsageLocationPattern.IsMatch(usageLocation.Trim()))
            {
                throw new CspException("UserUsageLocationInvalid", CspErrorCategory.InvalidArgument,
                    $"'{usageLocation}' is not a usage location: use a two-letter ISO 3166 country code such as US, DE or GB.", usageLocation);
            }
        }

        private static void CheckDomain(string upn, GraphOrganization? organization, string customerId)
        {
            var domain = upn.Substring(upn.IndexOf('@') + 1);
            var verified = organization?.VerifiedDomains.Select(d => d.Name).Where(n => n != null).ToList() ?? new List<string?>();
            if (verified.Count > 0 && !verified.Any(d => string.Equals(d, domain, StringComparison.OrdinalIgnoreCase)))
            {
                throw new CspException("UserDomainNotVerified", CspErrorCategory.InvalidArgument,
                    $"{domain} is not a verified domain of customer {customerId}. Its domains: {string.Join(", ", verified)}.", upn);
            }
        }

        private static CspException ExplainCreate(CspException error, string customerId, string upn)
        {
            if (error.Message.IndexOf("already exists", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return error.WithTarget(upn, "UserAlreadyExists",
                    $"Customer {customerId} already has a user {upn} (active or deleted within 30 days). Nothing was created.");
            }

            if (error.Message.IndexOf("complexity", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return error.WithTarget(upn, "UserPasswordInvalid");
            }

            return Gdap.Explain(error, customerId, Gdap.UserWrite);
        }

        private static async Task<(List<GraphRoleDefinition> Add, List<GraphRoleDefinition> Remove)> ResolveRolesAsync(CspConnection connection, string customerId,
            UserChanges changes, CancellationToken cancellationToken)
        {
            if (changes.AddRoles.Count == 0 && changes.RemoveRoles.Count == 0)
            {
                return (new List<GraphRoleDefinition>(), new List<GraphRoleDefinition>());
            }

            var definitions = await connection.Graph.ListRoleDefinitionsAsync(customerId, cancellationToken).ToListAsync().ConfigureAwait(false);
            GraphRoleDefinition Find(string name) =>
                definitions.FirstOrDefault(d => string.Equals(d.DisplayName, name.Trim(), StringComparison.OrdinalIgnoreCase) || string.Equals(d.Id, name.Trim(), StringComparison.OrdinalIgnoreCase))
                ?? throw new CspException("RoleNotFound", CspErrorCategory.ObjectNotFound,
                    $"There is no directory role '{name}'. Roles: {string.Join(", ", definitions.Select(d => d.DisplayName).OrderBy(n => n))}.", name);
            return (changes.AddRoles.Select(Find).ToList(), changes.RemoveRoles.Select(Find).ToList());
        }

        private static string DefaultDisplayName(NewUserRequest request, string upn)
        {
            var name = string.Join(" ", new[] { request.GivenName, request.Surname }.Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => n!.Trim()));
            return name.Length > 0 ? name : upn.Substring(0, upn.IndexOf('@'));
        }

        private static string MailNickname(string upn)
        {
            var local = upn.Substring(0, upn.IndexOf('@'));
            var nickname = new string(local.Where(c => char.IsLetterOrDigit(c) || c == '.' || c == '-' || c == '_').ToArray());
            return nickname.Length == 0 ? "user" : nickname;
        }
    }
}
