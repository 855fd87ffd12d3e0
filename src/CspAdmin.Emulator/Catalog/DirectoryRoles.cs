using System;
using System.Collections.Generic;

namespace CspAdmin.Emulator
{
    /// <summary>A built-in Entra directory role (Graph unifiedRoleDefinition); its id is Microsoft's role template id.</summary>
    public sealed class DirectoryRole
    {
        internal DirectoryRole(string id, string displayName, string description)
        {
            Id = id;
            DisplayName = displayName;
            Description = description;
        }

        /// <summary>Role template id (= roleDefinitionId for built-in roles).</summary>
        public string Id { get; }
        public string DisplayName { get; }
        public string Description { get; }

        public override string ToString() => DisplayName;
    }

    /// <summary>
    /// The built-in roles of every emulated tenant (roleManagement/directory/roleDefinitions). Ids and descriptions are from
    /// Microsoft's "Microsoft Entra built-in roles" reference (permissions-reference.md); a subset of the roles.
    /// </summary>
    public static class DirectoryRoles
    {
        private static readonly DirectoryRole[] Roles =
        {
            new DirectoryRole(GdapRoles.GlobalAdministrator, "Global Administrator",
                "Can manage all aspects of Microsoft Entra ID and Microsoft services that use Microsoft Entra identities."),
            new DirectoryRole(GdapRoles.UserAdministrator, "User Administrator",
                "Can manage all aspects of users and groups, including resetting passwords for limited admins."),
            new DirectoryRole(GdapRoles.LicenseAdministrator, "License Administrator", "Can manage product licenses on users and groups."),
            new DirectoryRole("729827e3-9c14-49f7-bb1b-9608f156bbb8", "Helpdesk Administrator",
                "Can reset passwords for non-administrators and Helpdesk Administrators."),
            new DirectoryRole("966707d0-3269-4727-9be2-8c3a10f19b9d", "Password Administrator",
                "Can reset passwords for non-administrators and Password Administrators."),
            new DirectoryRole("f2ef992c-3afb-46b9-b7cf-a126ee74c451", "Global Reader",
                "Can read everything that a Global Administrator can, but not update anything."),
            new DirectoryRole(GdapRoles.DirectoryReaders, "Directory Readers",
                "Can read basic directory information. Commonly used to grant directory read access to applications and guests."),
            new DirectoryRole("c4e39bd9-1100-46d3-8c65-fb160da0071f", "Authentication Administrator",
                "Can access to view, set and reset authentication method information for any non-admin user."),
            new DirectoryRole("7be44c8a-adaf-4e2a-84d6-ab2649e08a13", "Privileged Authentication Administrator",
                "Can access to view, set and reset authentication method information for any user (admin or non-admin)."),
            new DirectoryRole("e8611ab8-c189-46e8-94e1-60213ab1f814", "Privileged Role Administrator",
                "Can manage role assignments in Microsoft Entra ID, and all aspects of Privileged Identity Management."),
            new DirectoryRole("b0f54661-2d74-4c50-afa3-1ec803f12efe", "Billing Administrator",
                "Can perform common billing related tasks like updating payment information."),
            new DirectoryRole("29232cdf-9323-42fd-ade2-1d097af3e4de", "Exchange Administrator", "Can manage all aspects of the Exchange product."),
            new DirectoryRole("f28a1f50-f6e7-4571-818b-6a12f2af6b6c", "SharePoint Administrator", "Can manage all aspects of the SharePoint service."),
            new DirectoryRole("69091246-20e8-4a56-aa4d-066075b2a7a8", "Teams Administrator", "Can manage the Microsoft Teams service."),
            new DirectoryRole("194ae4cb-b126-40b2-bd5b-6091b380977d", "Security Administrator",
                "Can read security information and reports, and manage configuration in Microsoft Entra ID and Office 365."),
            new DirectoryRole("fdd7a751-b60b-444a-984c-02652fe8fa1c", "Groups Administrator",
                "Members of this role can create/manage groups, create/manage groups settings like naming and expiration policies, and view groups activity and audit reports."),
            new DirectoryRole("f023fd81-a637-4b56-95fd-791ac0226033", "Service Support Administrator",
                "Can read service health information and manage support tickets."),
            new DirectoryRole("4a5d8f65-41da-4de4-8968-e035b65339cf", "Reports Reader", "Can read sign-in and audit reports."),
        };

        private static readonly Dictionary<string, DirectoryRole> ById = Index();

        public static IReadOnlyList<DirectoryRole> All => Roles;

        public static DirectoryRole? Find(string? id) => id != null && ById.TryGetValue(id, out var role) ? role : null;

        private static Dictionary<string, DirectoryRole> Index()
        {
            var index = new Dictionary<string, DirectoryRole>(StringComparer.OrdinalIgnoreCase);
            foreach (var role in Roles)
            {
                index[role.Id] = role;
            }

            return index;
        }
    }
}
