using System;
using CspAdmin.Emulator;
using CspAdmin.Tests.Emulator;

namespace CspAdmin.Tests.EmulatorWrites
{
    /// <summary>
    /// Base of the write test classes whose tests start alike: a fresh cloud (<see cref="EmulatorClient.Create"/> without options),
    /// its <see cref="Writes.FullCustomer"/> and an app+user Graph token of "eu" for that customer. xunit makes one instance per
    /// test (and per theory case), so each test has a cloud of its own; it is made on first use, so a test that needs another
    /// arrangement makes its own and leaves these alone.
    /// </summary>
    public abstract class FullCustomerTest : IDisposable
    {
        private readonly Lazy<(EmulatorClient Client, TenantState Tenant, string Token)> _arranged = new Lazy<(EmulatorClient, TenantState, string)>(() =>
        {
            var client = EmulatorClient.Create();
            var (tenant, token) = client.FullCustomerWithToken();
            return (client, tenant, token);
        });

        protected EmulatorClient Client => _arranged.Value.Client;

        /// <summary>The "eu" customer with User Administrator and License Administrator.</summary>
        protected TenantState Tenant => _arranged.Value.Tenant;

        /// <summary>App+user Graph token of "eu" for <see cref="Tenant"/>.</summary>
        protected string Token => _arranged.Value.Token;

        public void Dispose()
        {
            if (_arranged.IsValueCreated)
            {
                _arranged.Value.Client.Dispose();
            }

            GC.SuppressFinalize(this);
        }
    }
}
