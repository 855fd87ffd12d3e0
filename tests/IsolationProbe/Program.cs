using System;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Text.Json;

// Usage: IsolationProbe <module folder>, where the folder holds CspAdmin.dll and dependencies/ as the module layout does.
// Prints one JSON object describing what was loaded where.

// 1. Another module got there first: its newer MSAL is loaded into the default context.
var hostMsal = AssemblyLoadContext.Default.LoadFromAssemblyPath(System.IO.Path.Combine(AppContext.BaseDirectory, "othermodule", "Microsoft.Identity.Client.dll"));

// 2. Import-Module: CspAdmin.dll into the default context, then the initializer's loading rules.
var module = AssemblyLoadContext.Default.LoadFromAssemblyPath(System.IO.Path.Combine(args[0], "CspAdmin.dll"));
module.GetType("CspAdmin.DependencyIsolation", throwOnError: true)!
    .GetMethod("Attach", BindingFlags.Public | BindingFlags.Static)!.Invoke(null, null);

// 3. A cmdlet touches the engine: the default context cannot find it and the initializer loads it privately.
var engine = AssemblyLoadContext.Default.LoadFromAssemblyName(new AssemblyName("CspAdmin.Engine"));
var engineContext = AssemblyLoadContext.GetLoadContext(engine)!;

// 4. The engine signs in by device code against its emulator: Azure.Identity and MSAL do the work, resolved inside
//    the private context from dependencies/, while the host's newer MSAL stays where it is.
var emulatorAssembly = engineContext.LoadFromAssemblyName(new AssemblyName("CspAdmin.Emulator"));
var cloudType = emulatorAssembly.GetType("CspAdmin.Emulator.EmulatedCloud", throwOnError: true)!;
var options = Activator.CreateInstance(emulatorAssembly.GetType("CspAdmin.Emulator.EmulatorOptions", throwOnError: true)!)!;
var cloud = cloudType.GetMethod("Create")!.Invoke(null, new[] { options })!;
dynamic partner = cloudType.GetMethod("Partner")!.Invoke(cloud, new object[] { "eu" })!;
var profileType = engine.GetType("CspAdmin.Engine.Connections.CspProfile", throwOnError: true)!;
var profile = profileType.GetMethod("ForEmulator")!.Invoke(null, new object[]
{
    "isolation", new Uri("https://emulator.cspadmin.test/"), (string)partner.Region, (string)partner.TenantId, (string)partner.ClientId,
})!;
profileType.GetProperty("SignInMethod")!.SetValue(profile, "DeviceCode");
var secrets = Activator.CreateInstance(engine.GetType("CspAdmin.Engine.Auth.SignInSecrets", throwOnError: true)!)!;
var transport = cloudType.GetMethod("CreateHandler")!.Invoke(cloud, null)!;
var connect = (System.Threading.Tasks.Task)engine.GetType("CspAdmin.Engine.Connections.ProfileConnector", throwOnError: true)!
    .GetMethod("ConnectAsync")!.Invoke(null, new[] { profile, secrets, System.Threading.CancellationToken.None, transport })!;
connect.GetAwaiter().GetResult();
var connection = connect.GetType().GetProperty("Result")!.GetValue(connect)!;
var signIn = (string)connection.GetType().GetProperty("SignInMethod")!.GetValue(connection)!;
var engineMsal = engineContext.Assemblies.Single(a => a.GetName().Name == "Microsoft.Identity.Client");
var engineIdentity = engineContext.Assemblies.Single(a => a.GetName().Name == "Azure.Identity");

Console.WriteLine(JsonSerializer.Serialize(new
{
    hostMsalVersion = hostMsal.GetName().Version!.ToString(),
    hostMsalContext = AssemblyLoadContext.GetLoadContext(hostMsal)!.Name,
    moduleContext = AssemblyLoadContext.GetLoadContext(module)!.Name,
    engineContext = engineContext.Name,
    engineMsalVersion = engineMsal.GetName().Version!.ToString(),
    engineMsalLocation = engineMsal.Location,
    defaultHasEngineMsal = AssemblyLoadContext.Default.Assemblies.Contains(engineMsal),
    defaultHasAzureIdentity = AssemblyLoadContext.Default.Assemblies.Any(a => a.GetName().Name == "Azure.Identity"),
    engineIdentityContext = AssemblyLoadContext.GetLoadContext(engineIdentity)!.Name,
    signIn,
}));
