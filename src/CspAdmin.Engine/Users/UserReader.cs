using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using CspAdmin.Engine.Connections;
using CspAdmin.Engine.Graph;
using CspAdmin.Engine.Licensing;
using CspAdmin.Engine.Model;
using CspAdmin.Engine.Operations;

namespace CspAdmin.Engine.Users
{
    /// <summary>What Get-CspUser asks for.</summary>
    public sealed class UserQuery
    {
        /// <summary>One user, by object id or user principal name.</summary>
        public string? UserId { get; set; }
        /// <summary>An OData $filter, passed to Graph as written.</summary>
        public string? Filter { get; set; }
        /// <summary>Only users holding this license (part number, product name or SKU id).</summary>
        public string? Sku { get; set; }
        /// <summary>Soft-deleted users that can still be restored, instead of active ones.</summary>
        public bool Deleted { get; set; }
    }

    /// <summary>Reads a customer's users from Graph as they page in, with license and role names.</summary>
    public static class UserReader
    {
        internal static readonly string[] Properties =
        {
            "id", "userPrincipalName", "mail", "displayName", "givenName", "surname", "officeLocation", "usageLocation", "accountEnabled", "assignedLicenses", "deletedDateTime",
        };

        private static readonly Regex UserPrincipalNamePattern = new Regex(@"^[A-Za-z0-9'.\-_!#^~]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}$", RegexOptions.Compiled);

        public static async IAsyncEnumerable<User> ReadAsync(CspConnection connection, string customerId, UserQuery query, ProductCatalog catalog,
            Action<string> warn, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var userId = query.UserId == null ? null : ValidUserId(query.UserId);
            var skus = await TenantSkus.ReadAsync(connection, customerId, catalog, cancellationToken).ConfigureAwait(false);
            var roles = await RoleNamesAsync(connection, customerId, userId, warn, cancellationToken).ConfigureAwait(false);
            var now = connection.Clock.GetUtcNow();

            if (query.Deleted)
            {
                await foreach (var deleted in connection.Graph.ListDeletedUsersAsync(customerId, Properties, cancellationToken).ConfigureAwait(false))
                {
                    var user = ToModel(deleted, customerId, connection.Name, skus, roles, now);
                    if (user.DaysLeft > 0 && Matches(user, userId))
                    {
                        yield return user;
                    }
                }

                yield break;
            }

            if (userId != null)
            {
                yield return ToModel(await GetAsync(connection, customerId, userId, cancellationToken).ConfigureAwait(false), customerId, connection.Name, skus, roles, now);
                yield break;
            }

            var filters = new List<string>();
            if (!string.IsNullOrWhiteSpace(query.Filter))
            {
                filters.Add("(" + query.Filter!.Trim() + ")");
            }

            if (!string.IsNullOrWhiteSpace(query.Sku))
            {
                filters.Add("assignedLicenses/any(x:x/skuId eq " + skus.Resolve(query.Sku!).SkuId + ")");
            }

            var request = new GraphUserQuery { Select = Properties, Filter = filters.Count == 0 ? null : string.Join(" and ", filters), Top = 999 };
            await foreach (var user in connection.Graph.ListUsersAsync(customerId, request, cancellationToken).ConfigureAwait(false))
            {
                yield return ToModel(user, customerId, connection.Name, skus, roles, now);
            }
        }

        /// <summary>Streams the users to a work sink as pages arrive, never holding the whole tenant.</summary>
        public static async Task Emit(CspConnection connection, string customerId, UserQuery query, ProductCatalog catalog, WorkSink sink, CancellationToken cancellationToken)
        {
            await foreach (var user in ReadAsync(connection, customerId, query, catalog, sink.Warning, cancellationToken).ConfigureAwait(false))
            {
                sink.Output(user);
            }
        }

        /// <summary>One active user, or a UserNotFound error.</summary>
        public static async Task<GraphUser> GetAsync(CspConnection connection, string customerId, string userId, CancellationToken cancellationToken)
        {
            try
            {
                return await connection.Graph.GetUserAsync(customerId, userId, Properties, cancellationToken).ConfigureAwait(false);
            }
            catch (CspException ex) when (ex.StatusCode == 404)
            {
                throw UserNotFound(customerId, userId, ex);
            }
        }

        /// <summary>The id or UPN as given (trimmed), or a UserIdInvalid error for anything that is neither.</summary>
        public static string ValidUserId(string text)
        {
            var value = text.Trim();
            if (Guid.TryParse(value, out _) || UserPrincipalNamePattern.IsMatch(value))
            {
                return value;
            }

            throw new CspException("UserIdInvalid", CspErrorCategory.InvalidArgument,
                $"'{text}' is neither a user object id (GUID) nor a user principal name (name@domain).", text)
            {
                RecommendedAction = "Pipe users from Get-CspUser, or pass their UserId or UserPrincipalName.",
            };
        }

        public static CspException UserNotFound(string customerId, string userId, Exception? inner = null) =>
            new CspException("UserNotFound", CspErrorCategory.ObjectNotFound, $"Customer {customerId} has no user '{userId}'.", userId, inner)
            {
                RecommendedAction = "Check the name with Get-CspUser; a deleted user is listed by Get-CspUser -Deleted.",
            };

        public static User ToModel(GraphUser source, string customerId, string profile, TenantSkus skus, IReadOnlyDictionary<string, string[]> roles, DateTimeOffset now) =>
            ToModel<User>(source, customerId, profile, skus, roles, now);

        public static TUser ToModel<TUser>(GraphUser source, string customerId, string profile, TenantSkus skus, IReadOnlyDictionary<string, string[]> roles, DateTimeOffset now)
            where TUser : User, new()
        {
            var held = source.AssignedLicenses.Where(l => !string.IsNullOrEmpty(l.SkuId)).Select(l => l.SkuId!).ToList();
            var user = new TUser
            {
                CustomerId = customerId,
                UserId = source.Id ?? "",
                UserPrincipalName = source.UserPrincipalName ?? "",
                DisplayName = source.DisplayName,
                GivenName = source.GivenName,
                Surname = source.Surname,
                OfficeLocation = source.OfficeLocation,
                UsageLocation = source.UsageLocation,
                AccountEnabled = source.AccountEnabled ?? false,
                Licenses = held.Select(skus.PartNumber).ToArray(),
                Products = held.Select(skus.ProductName).ToArray(),
                Roles = roles.TryGetValue(source.Id ?? "", out var names) ? names : new string[0],
                Profile = profile,
            };
            if (source.DeletedDateTime.HasValue)
            {
                user.State = Model.UserState.Deleted;
                user.DeletedDateTime = source.DeletedDateTime;
                user.RestorableUntil = source.DeletedDateTime.Value + Model.UserState.RestoreWindow;
                user.DaysLeft = Math.Max(0, (int)Math.Ceiling((user.RestorableUntil.Value - now).TotalDays));
            }

            return user;
        }

        /// <summary>Role names per principal id; without the right to read roles, users are still listed (without them).</summary>
        internal static async Task<IReadOnlyDictionary<string, string[]>> RoleNamesAsync(CspConnection connection, string customerId, string? principalId,
            Action<string> warn, CancellationToken cancellationToken)
        {
            try
            {
                var definitions = (await connection.Graph.ListRoleDefinitionsAsync(customerId, cancellationToken).ToListAsync().ConfigureAwait(false))
                    .Where(d => d.Id != null)
                    .ToDictionary(d => d.Id!, d => d.DisplayName ?? d.Id!, StringComparer.OrdinalIgnoreCase);
                var assignments = await connection.Graph.ListRoleAssignmentsAsync(customerId, Guid.TryParse(principalId, out _) ? principalId : null, cancellationToken)
                    .ToListAsync().ConfigureAwait(false);
                return assignments
                    .Where(a => a.PrincipalId != null && a.RoleDefinitionId != null)
                    .GroupBy(a => a.PrincipalId!, StringComparer.OrdinalIgnoreCase)
                    .ToDictionary(
                        g => g.Key,
                        g => g.Select(a => definitions.TryGetValue(a.RoleDefinitionId!, out var name) ? name : a.RoleDefinitionId!).OrderBy(n => n).ToArray(),
                        StringComparer.OrdinalIgnoreCase);
            }
            catch (CspException ex) when (ex.Category == CspErrorCategory.PermissionDenied)
            {
                warn($"Customer {customerId}: directory roles cannot be read, so Roles is empty. {ex.Message}");
                return new Dictionary<string, string[]>();
            }
        }

        private static bool Matches(User user, string? userId) =>
            userId == null
            || string.Equals(user.UserId, userId, StringComparison.OrdinalIgnoreCase)
            || string.Equals(user.UserPrincipalName, userId, StringComparison.OrdinalIgnoreCase);
    }
}
