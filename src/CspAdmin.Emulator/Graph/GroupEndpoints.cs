using CspAdmin.Emulator.Http;

namespace CspAdmin.Emulator.Graph
{
    /// <summary>GET groups/{id}: a security group of the token's directory (partner tenants hold the GDAP operators group).</summary>
    internal static class GroupEndpoints
    {
        public static EmulatorResponse Get(GraphCall call)
        {
            var group = call.Tenant.FindSecurityGroup(call.Route["id"]);
            if (group == null)
            {
                return call.NotFound(call.Route["id"]);
            }

            return call.Ok(w =>
            {
                w.WriteStartObject();
                w.WriteString("@odata.context", call.Context("groups/$entity"));
                w.WriteString("id", group.Id);
                w.WriteDate("createdDateTime", group.CreatedDateTime);
                w.WriteString("description", group.Description);

                w.WriteString("displayName", group.DisplayName);
                w.WriteStartArray("groupTypes");
                w.WriteEndArray();
                w.WriteBoolean("mailEnabled", false);
                w.WriteString("mailNickname", group.MailNickname);
                w.WriteBoolean("securityEnabled", true);
                w.WriteEndObject();
            });
        }
    }
}
